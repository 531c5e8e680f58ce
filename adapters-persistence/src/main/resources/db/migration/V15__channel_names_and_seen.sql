-- the console's names for WhatsApp numbers (channels), given by admins; a name in Parley's settings is the default
create table channel_name (
    channel_id varchar(255)             primary key,
    name       varchar(255)             not null,
    updated_at timestamp with time zone not null,
    updated_by varchar(200)             not null
);

-- when each console user last opened each conversation: the customer's messages after it are unread to them
create table conversation_seen (
    conversation_id uuid                     not null references conversation (id),
    username        varchar(64)              not null,
    seen_at         timestamp with time zone not null,
    primary key (conversation_id, username)
);
