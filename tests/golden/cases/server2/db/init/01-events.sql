-- server2's first-run schema: run once by the postgres image on an empty data volume.
CREATE EXTENSION IF NOT EXISTS timescaledb;

CREATE TABLE IF NOT EXISTS events (
    time       timestamptz NOT NULL,
    device_id  text        NOT NULL,
    payload    jsonb
);
SELECT create_hypertable('events', by_range('time'), if_not_exists => TRUE);
CREATE INDEX IF NOT EXISTS events_device_time ON events (device_id, time DESC);
