-- Media customers sent: downloaded off the webhook request, retried, and served to admins.
create table media_download (
    message_id      uuid                     primary key references message (id),
    media_id        varchar(255)             not null,
    mime_type       varchar(255),
    file_name       varchar(1024),
    status          varchar(16)              not null,
    attempts        integer                  default 0 not null,
    next_attempt_at timestamp with time zone,
    claimed_until   timestamp with time zone,
    size_bytes      bigint,
    content_type    varchar(255),
    error           varchar(2000),
    created_at      timestamp with time zone not null
);
create index ix_media_download_due on media_download (status, next_attempt_at);
