package io.parley.adapters.persistence;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.parley.domain.model.DeadLetter;
import io.parley.domain.port.out.DeadLetterPort;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Singleton
class DeadLetterPersistenceAdapter implements DeadLetterPort {

    private final DeadLetterRepository deadLetters;
    private final JsonMapper json;
    private final TransactionOperations<Connection> transactions;

    DeadLetterPersistenceAdapter(DeadLetterRepository deadLetters, JsonMapper json,
                                 TransactionOperations<Connection> transactions) {
        this.deadLetters = deadLetters;
        this.json = json;
        this.transactions = transactions;
    }

    @Override
    public long keep(DeadLetter letter) {
        return transactions.executeWrite(status -> deadLetters.save(new DeadLetterEntity(null, letter.receivedAt(),
                Rows.truncate(letter.reason(), 2000), write(letter.headers()), letter.body(),
                letter.body().length)).id());
    }

    @Override
    public List<DeadLetter> list(int offset, int limit) {
        return deadLetters.newestFirst(offset, limit).stream().map(this::toDomain).toList();
    }

    @Override
    public Optional<DeadLetter> find(long id) {
        return deadLetters.findById(id).map(this::toDomain);
    }

    private DeadLetter toDomain(DeadLetterEntity e) {
        return new DeadLetter(e.id(), e.receivedAt(), e.reason(), read(e.headers()), e.body());
    }

    private String write(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> read(String headers) {
        try {
            return json.readValue(headers, Argument.mapOf(String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
