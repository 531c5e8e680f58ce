package io.parley.app;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.nio.file.Path;

@OpenAPIDefinition(
        info = @Info(title = "Parley admin API", version = "0.1",
                description = "Reply rules, conversations, messages, media and dead letters of Parley, the automated "
                        + "WhatsApp responder for Azure Communication Services. The Event Grid webhook "
                        + "(/api/events) is described in README.md."),
        security = @SecurityRequirement(name = "basicAuth"))
@SecurityScheme(name = "basicAuth", type = SecuritySchemeType.HTTP, scheme = "basic")
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        resolveDataDir();
        Micronaut.build(args)
                .banner(false)
                .mainClass(Application.class)
                .start();
    }

    /**
     * H2 refuses file paths that are implicitly relative to the working directory ("data/parley"), so the data
     * folder is made absolute before the datasource is configured.
     */
    static void resolveDataDir() {
        String configured = System.getProperty("parley.data-dir");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("PARLEY_DATA_DIR");
        }
        if (configured == null || configured.isBlank()) {
            configured = "./data";
        }
        System.setProperty("parley.data-dir", Path.of(configured).toAbsolutePath().normalize().toString());
    }
}
