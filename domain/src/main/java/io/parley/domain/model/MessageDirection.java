package io.parley.domain.model;

public enum MessageDirection {
    INBOUND,
    OUTBOUND
}
