package io.parley.domain.port.out;

/**
 * How the audit log names a customer: a keyed hash of their id, the same on every instance, so that the log can
 * say "this customer's data was erased" (and find every entry about them) without holding their number.
 */
public interface CustomerReference {

    String of(String customerId);
}
