package io.parley.domain.port.in;

import io.parley.domain.model.Role;
import io.parley.domain.model.UserAccount;
import java.util.List;
import java.util.Optional;

/** The team: who may sign in, with which role. */
public interface ManageUsersUseCase {

    /** Who asks for a change, and with which role. */
    record Actor(String username, Role role) {
    }

    /**
     * @param oneTimePassword the user must choose their own password before doing anything else (an invitation)
     */
    record NewUser(String username, String password, Role role, boolean oneTimePassword) {
    }

    /** What to change; null fields stay as they are. */
    record UserChange(Role role, String password, String currentPassword) {
    }

    List<UserAccount> list();

    Optional<UserAccount> get(String username);

    /**
     * @throws io.parley.domain.model.InvalidUserException naming each field that is wrong
     * @throws UserConflictException when the name is taken
     */
    UserAccount create(NewUser user, Actor actor);

    /**
     * A user changes their own password (with their current one); an admin changes anyone's role, or gives them a
     * one-time password.
     *
     * @return empty when there is no such user
     */
    Optional<UserAccount> change(String username, UserChange change, Actor actor);

    /** @throws UserConflictException when a user would remove themselves */
    boolean remove(String username, Actor actor);

    /** The change cannot be made as things are: a name taken, removing oneself. */
    class UserConflictException extends RuntimeException {
        public UserConflictException(String message) {
            super(message);
        }
    }
}
