-- URL parameters an account tracks (the spec's url_parameters, with the
-- campaign of a campaign-scoped one) and their values on each call,
-- captured from the web visit a call is credited to (its landing page's
-- query) and from the query of the carrier's voice webhook URL.
CREATE TABLE url_parameters (
    id             BIGSERIAL PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parameter_name TEXT   NOT NULL,
    display_name   TEXT   NOT NULL,
    parameter_type TEXT   NOT NULL DEFAULT 'string',
    default_value  TEXT,
    tracking_scope TEXT   NOT NULL DEFAULT 'global',
    campaign_id    TEXT,
    status         TEXT   NOT NULL DEFAULT 'active',
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX url_parameters_name ON url_parameters (user_id, lower(parameter_name));

CREATE TABLE call_parameters (
    call_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    name    TEXT   NOT NULL,
    value   TEXT   NOT NULL,
    PRIMARY KEY (call_id, name)
);
CREATE INDEX call_parameters_value ON call_parameters (user_id, name, value);
