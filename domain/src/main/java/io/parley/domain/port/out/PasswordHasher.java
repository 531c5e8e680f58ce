package io.parley.domain.port.out;

/** A slow, salted, adaptive password hash (the application chooses the algorithm). */
public interface PasswordHasher {

    /** The hash of {@code password} in a self-describing form (algorithm, parameters, salt and hash). */
    String hash(String password);

    /** Whether {@code password} is the one {@code hash} was made from; false for a hash in an unknown form. */
    boolean matches(String password, String hash);
}
