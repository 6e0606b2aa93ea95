package io.roost.registry.bulk;

/** Counts of one import: lines read, lines applied, lines reported as errors. */
public record ImportSummary(long lines, long succeeded, long failed) {
}
