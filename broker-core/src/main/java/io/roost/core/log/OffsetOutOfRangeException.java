package io.roost.core.log;

import io.roost.core.error.RoostException;

/** A read asked for records retention already deleted, or for offsets past the end. */
public class OffsetOutOfRangeException extends RoostException {

    private static final long serialVersionUID = 1L;

    private final long earliestOffset;
    private final long nextOffset;

    public OffsetOutOfRangeException(int partition, long requestedOffset, long earliestOffset, long nextOffset) {
        super(Status.OUT_OF_RANGE, "offset " + requestedOffset + " of partition " + partition + " is out of range: "
                + (requestedOffset < earliestOffset
                        ? "the earliest retained offset is " + earliestOffset
                        : "the next offset to be written is " + nextOffset));
        this.earliestOffset = earliestOffset;
        this.nextOffset = nextOffset;
    }

    public long earliestOffset() {
        return earliestOffset;
    }

    public long nextOffset() {
        return nextOffset;
    }
}
