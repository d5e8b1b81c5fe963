-- Catalog schema, SQLite flavour (keep in step with ../postgresql/V1__catalog.sql).
-- Ids are TEXT, kept exactly as sent; times are epoch milliseconds (UTC); odds and BSP are scaled
-- integers (8 decimals, see Odds.SCALE). source says where a row came from, updated_at when it last changed.
CREATE TABLE sport (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    name_lower  TEXT NOT NULL,
    source      TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX sport_name_lower ON sport (name_lower);

CREATE TABLE event (
    id            TEXT PRIMARY KEY,
    sport_id      TEXT NOT NULL,
    name          TEXT NOT NULL,
    name_lower    TEXT NOT NULL,
    start_time    BIGINT,
    status        TEXT NOT NULL,
    venue         TEXT,
    country_code  TEXT,
    timezone      TEXT,
    meeting_date  TEXT,
    race_type     TEXT,
    source        TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX event_sport_start ON event (sport_id, start_time, id);
CREATE INDEX event_meeting_date ON event (meeting_date);

CREATE TABLE race (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL,
    number      INTEGER,
    name        TEXT,
    start_time  BIGINT NOT NULL,
    distance    TEXT,
    status      TEXT NOT NULL,
    source      TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX race_meeting_start ON race (meeting_id, start_time);

CREATE TABLE market (
    id           TEXT PRIMARY KEY,
    event_id     TEXT NOT NULL,
    race_id      TEXT,
    name         TEXT,
    market_type  TEXT,
    status       TEXT NOT NULL,
    places       INTEGER,
    start_time   BIGINT,
    in_play      BOOLEAN NOT NULL,
    source       TEXT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX market_event ON market (event_id);
CREATE INDEX market_race ON market (race_id);

CREATE TABLE selection (
    market_id      TEXT NOT NULL,
    id             TEXT NOT NULL,
    name           TEXT,
    odds           BIGINT,
    status         TEXT,
    sort_priority  INTEGER,
    bsp            BIGINT,
    source         TEXT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (market_id, id)
);

CREATE TABLE runner (
    race_id        TEXT NOT NULL,
    selection_id   TEXT NOT NULL,
    number         INTEGER,
    barrier        INTEGER,
    name           TEXT,
    jockey         TEXT,
    trainer        TEXT,
    weight         TEXT,
    status         TEXT,
    scratched      BOOLEAN NOT NULL,
    placed         BOOLEAN NOT NULL,
    bsp            BIGINT,
    sort_priority  INTEGER,
    source         TEXT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (race_id, selection_id)
);

CREATE TABLE race_result (
    race_id       TEXT NOT NULL,
    selection_id  TEXT NOT NULL,
    position      INTEGER NOT NULL,
    source        TEXT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (race_id, selection_id)
);

CREATE TABLE message (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    message_type  TEXT NOT NULL,
    event_id      TEXT,
    body          BLOB NOT NULL,
    status        TEXT NOT NULL,
    error         TEXT,
    received_at   BIGINT NOT NULL,
    processed_at  BIGINT
);
CREATE INDEX message_queued ON message (seq) WHERE status = 'queued';
