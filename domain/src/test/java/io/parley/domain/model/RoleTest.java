package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void agentsAndEditorsAreTwoBranchesUnderAdmin() {
        // rows: the user's role; columns: the role needed (VIEWER, AGENT, EDITOR, ADMIN)
        assertEquals(List.of(true, false, false, false), grants(Role.VIEWER));
        assertEquals(List.of(true, true, false, false), grants(Role.AGENT));
        assertEquals(List.of(true, false, true, false), grants(Role.EDITOR));
        assertEquals(List.of(true, true, true, true), grants(Role.ADMIN));
    }

    @Test
    void namesAreReadInAnyCase() {
        assertEquals(Optional.of(Role.EDITOR), Role.parse(" editor "));
        assertEquals(Optional.empty(), Role.parse("owner"));
        assertEquals(Optional.empty(), Role.parse(null));
    }

    private static List<Boolean> grants(Role role) {
        return Arrays.stream(Role.values()).map(role::grants).toList();
    }
}
