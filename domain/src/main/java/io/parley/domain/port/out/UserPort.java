package io.parley.domain.port.out;

import io.parley.domain.model.UserAccount;
import java.util.List;
import java.util.Optional;

/** The users who may sign in (the bootstrap admin from the settings is not among them). */
public interface UserPort {

    List<UserAccount> findAll();

    Optional<UserAccount> find(String username);

    /** @return false when a user of that name exists already (names are compared ignoring case) */
    boolean insert(UserAccount user);

    /** @return false when there is no such user */
    boolean update(UserAccount user);

    boolean delete(String username);
}
