package io.parley.app.config;

import io.micronaut.serde.annotation.SerdeImport;
import io.parley.domain.model.InboundContent;
import io.parley.domain.port.in.ReplayRulesUseCase;

/** The domain's value records the admin API shows as they are (the domain itself knows nothing of JSON). */
@SerdeImport(InboundContent.Media.class)
@SerdeImport(InboundContent.ReplyContext.class)
@SerdeImport(InboundContent.Button.class)
@SerdeImport(InboundContent.Interactive.class)
@SerdeImport(InboundContent.Reaction.class)
@SerdeImport(InboundContent.ChannelError.class)
@SerdeImport(ReplayRulesUseCase.Report.class)
@SerdeImport(ReplayRulesUseCase.Difference.class)
final class SerdeImports {

    private SerdeImports() {
    }
}
