package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.app.security.UserDirectory;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.InvalidUserException;
import io.parley.domain.model.Role;
import io.parley.domain.model.UserAccount;
import io.parley.domain.port.in.ManageUsersUseCase;
import io.parley.domain.port.in.ManageUsersUseCase.UserConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The team ({@code ADMIN}; each user may read and change their own password). Passwords go in, never out. The
 * admin of the settings is listed first, marked {@code "source": "settings"}: it is changed in the settings only.
 */
@Controller("/api/users")
@ExecuteOn(TaskExecutors.BLOCKING)
class UserController {

    private final ManageUsersUseCase users;
    private final UserDirectory directory;

    UserController(ManageUsersUseCase users, UserDirectory directory) {
        this.users = users;
        this.directory = directory;
    }

    /** A user as the API shows it: never the password or its hash. */
    @Serdeable
    record UserDto(String username, String role, String roleLabel, boolean mustChangePassword,
                   @Nullable Instant createdAt, @Nullable String createdBy, @Nullable Instant updatedAt,
                   String source) {

        static UserDto of(UserAccount u) {
            return new UserDto(u.username(), u.role().name(), u.role().label(), u.mustChangePassword(),
                    u.createdAt(), u.createdBy(), u.updatedAt(), "database");
        }
    }

    /**
     * @param oneTimePassword whether the user must choose their own password at their first sign-in (default
     *                        true: an invitation); false for an account a script uses
     */
    @Serdeable
    record NewUserDto(@Nullable String username, @Nullable String password, @Nullable String role,
                      @Nullable Boolean oneTimePassword) {
    }

    @Serdeable
    record UserChangeDto(@Nullable String role, @Nullable String password, @Nullable String currentPassword) {
    }

    @Get
    List<UserDto> list() {
        List<UserDto> all = new ArrayList<>();
        all.add(new UserDto(directory.bootstrapAdmin(), Role.ADMIN.name(), Role.ADMIN.label(), false, null, null,
                null, "settings"));
        users.list().stream().map(UserDto::of).forEach(all::add);
        return all;
    }

    @Get("/{username}")
    HttpResponse<?> get(String username) {
        if (directory.isBootstrapAdmin(username)) {
            return HttpResponse.ok(list().get(0));
        }
        return users.get(username).<HttpResponse<?>>map(u -> HttpResponse.ok(UserDto.of(u)))
                .orElseGet(() -> notFound(username));
    }

    @Post
    HttpResponse<UserDto> create(HttpRequest<?> request, @Body NewUserDto body) {
        UserAccount created = users.create(new ManageUsersUseCase.NewUser(body.username(), body.password(),
                role(body.role(), true), body.oneTimePassword() == null || body.oneTimePassword()), actor(request));
        directory.refresh();
        return HttpResponse.created(UserDto.of(created));
    }

    @Put("/{username}")
    HttpResponse<?> change(HttpRequest<?> request, String username, @Body UserChangeDto body) {
        var changed = users.change(username, new ManageUsersUseCase.UserChange(role(body.role(), false),
                body.password(), body.currentPassword()), actor(request));
        directory.refresh();
        return changed.<HttpResponse<?>>map(u -> HttpResponse.ok(UserDto.of(u))).orElseGet(() -> notFound(username));
    }

    @Delete("/{username}")
    HttpResponse<?> remove(HttpRequest<?> request, String username) {
        if (directory.isBootstrapAdmin(username)) {
            return HttpResponse.status(HttpStatus.CONFLICT).body(ApiErrors.of("\"" + username + "\" is the "
                    + "administrator of the settings (PARLEY_ADMIN_USERNAME) and cannot be removed here"));
        }
        boolean removed = users.remove(username, actor(request));
        directory.refresh();
        return removed ? HttpResponse.noContent() : notFound(username);
    }

    private ManageUsersUseCase.Actor actor(HttpRequest<?> request) {
        String name = AdminActor.of(request);
        return new ManageUsersUseCase.Actor(name, directory.role(name).orElse(Role.VIEWER));
    }

    private static Role role(@Nullable String name, boolean required) {
        if (name == null) {
            if (required) {
                throw new InvalidUserException("role", "is required: one of VIEWER, AGENT, EDITOR, ADMIN");
            }
            return null;
        }
        return Role.parse(name).orElseThrow(() -> new InvalidUserException("role",
                "must be one of VIEWER, AGENT, EDITOR, ADMIN"));
    }

    private static HttpResponse<ApiErrors> notFound(String username) {
        return HttpResponse.status(HttpStatus.NOT_FOUND).body(ApiErrors.of("there is no user \"" + username + "\""));
    }

    @Error(exception = InvalidUserException.class)
    HttpResponse<ApiErrors> invalid(InvalidUserException e) {
        List<FieldError> errors = e.errors();
        return HttpResponse.badRequest(ApiErrors.of("the user cannot be saved as given", errors));
    }

    @Error(exception = UserConflictException.class)
    HttpResponse<ApiErrors> conflict(UserConflictException e) {
        return HttpResponse.status(HttpStatus.CONFLICT).body(ApiErrors.of(e.getMessage()));
    }
}
