package io.roost.http.operations;

import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.StoredOperation;
import io.roost.http.JsonText;
import java.util.List;

/**
 * The JSON of operations events, as docs/operations-log.md lists the fields: {@code sequence},
 * {@code time} (ISO-8601 UTC), {@code category}, {@code operation}, {@code level}, {@code result},
 * {@code statusCode}, {@code reason}, {@code deviceId}, {@code protocol}, {@code authType},
 * {@code maskedAddress}, {@code durationMillis}; absent values are {@code null}. Stateless.
 */
final class OperationsJson {

    private OperationsJson() {
    }

    static String array(List<StoredOperation> operations) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < operations.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(object(operations.get(i)));
        }
        return json.append(']').toString();
    }

    static String object(StoredOperation stored) {
        OperationEvent e = stored.event();
        return "{\"sequence\":" + stored.sequence()
                + ",\"time\":" + JsonText.quote(JsonText.utcTime(e.time().toEpochMilli()))
                + ",\"category\":" + JsonText.quote(e.category().name())
                + ",\"operation\":" + JsonText.quote(e.operation())
                + ",\"level\":" + JsonText.quote(e.level())
                + ",\"result\":" + JsonText.quote(e.result())
                + ",\"statusCode\":" + e.statusCode()
                + ",\"reason\":" + orNull(e.reason())
                + ",\"deviceId\":" + orNull(e.deviceId())
                + ",\"protocol\":" + orNull(e.protocol())
                + ",\"authType\":" + orNull(e.authType())
                + ",\"maskedAddress\":" + orNull(e.maskedAddress())
                + ",\"durationMillis\":" + (e.durationMillis() < 0 ? "null" : Long.toString(e.durationMillis()))
                + "}";
    }

    private static String orNull(String value) {
        return value == null ? "null" : JsonText.quote(value);
    }
}
