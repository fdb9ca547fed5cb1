-- 001_init: the whole endorse schema (spec: domain.md, cycle.md, scoring.md, voting.md,
-- formats.md, api.md).
--
-- Conventions
-- * Ids are the `ident` domain: [a-z0-9][a-z0-9-]{0,62}, collated "C" so that ORDER BY id is
--   the UTF-8 byte order every JSON output uses, whatever the database's default collation.
-- * Hashes are raw 32-byte `hash256` values (a bytea domain), never hex text.
-- * Decimals from the cycle file (quorum, threshold, weights, scores) are numeric with 4
--   fractional digits, exactly as Fixed4 holds them. Org weights are bigint > 0.
-- * Versioned data (answers, ballots, decisions) is never updated in place except for its
--   `current` flag (and a decision's clearing); a partial unique index allows one current row.
-- * The application runs every change in one transaction together with its audit event.
-- * Append-only tables (audit_log, slates) refuse UPDATE, DELETE and TRUNCATE by trigger. A
--   superuser can still tamper (SET session_replication_role = replica skips triggers), which is
--   exactly what `audit verify` exists to detect; the tests do so.

CREATE DOMAIN ident AS text COLLATE "C"
    CHECK (VALUE ~ '^[a-z0-9][a-z0-9-]{0,62}$');

CREATE DOMAIN hash256 AS bytea
    CHECK (octet_length(VALUE) = 32);

-- A share (quorum) in 0..1 with at most 4 fractional digits.
CREATE DOMAIN share4 AS numeric(6,4)
    CHECK (VALUE >= 0 AND VALUE <= 1);

-- Who did something: a person's or token's name, never empty.
CREATE DOMAIN actor_name AS text
    CHECK (VALUE <> '' AND length(VALUE) <= 200);

-- True when every element is a well-formed id and no id appears twice.
CREATE FUNCTION endorse_distinct_ids(ids text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT
    AS $$
        SELECT coalesce(bool_and(x ~ '^[a-z0-9][a-z0-9-]{0,62}$'), true)
           AND count(DISTINCT x) = count(*)
        FROM unnest(ids) AS x
    $$;

-- Trigger function for append-only tables.
CREATE FUNCTION endorse_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$;

------------------------------------------------------------------------------------------------
-- Cycles and what the cycle file defines (cycle.md). `cycle load` rewrites races, planks,
-- questions, question_options and question_planks from the file in one transaction; the YAML
-- text is the source of truth (re-parse it to get the full `Cycle` model).
------------------------------------------------------------------------------------------------

CREATE TABLE cycles (
    id              ident PRIMARY KEY,
    name            text NOT NULL CHECK (name <> ''),
    election_date   date NOT NULL,
    jurisdiction    text,
    source_yaml     text NOT NULL,                  -- the file as loaded (UTF-8 text)
    parsed          jsonb NOT NULL,                 -- the parsed model, for inspection/queries
    sha256          hash256 NOT NULL,                -- of the file's exact bytes
    loaded_at       timestamptz NOT NULL DEFAULT now(),  -- first load
    updated_at      timestamptz NOT NULL DEFAULT now()   -- last load that changed something
);

CREATE TABLE races (
    cycle             ident NOT NULL REFERENCES cycles (id),
    id                ident NOT NULL CHECK (id <> 'none'),
    position          integer NOT NULL CHECK (position >= 0),   -- 0-based order in the file
    name              text NOT NULL CHECK (name <> ''),
    division          text,
    seats             integer NOT NULL CHECK (seats >= 1),
    method            text NOT NULL CHECK (method IN ('irv', 'threshold', 'approval', 'stv')),
    max_endorsements  integer NOT NULL,
    -- Per-race overrides of the cycle rules; NULL = the cycle's value.
    quorum            share4,
    threshold         numeric(6,4) CHECK (threshold >= 0.5 AND threshold <= 1),
    threshold_base    text CHECK (threshold_base IN ('cast', 'eligible', 'continuing')),
    state             text NOT NULL DEFAULT 'draft'
                      CHECK (state IN ('draft', 'open', 'closed', 'decided')),
    state_changed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cycle, id),
    CONSTRAINT races_position_unique UNIQUE (cycle, position) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT races_max_endorsements CHECK (max_endorsements >= seats),
    CONSTRAINT races_method_seats CHECK (method IN ('approval', 'stv') OR seats = 1)
);

CREATE TABLE planks (
    cycle      ident NOT NULL REFERENCES cycles (id),
    id         ident NOT NULL,
    position   integer NOT NULL CHECK (position >= 0),
    title      text NOT NULL CHECK (title <> ''),
    section    text,
    weight     numeric(12,4) NOT NULL CHECK (weight > 0),
    min_score  numeric(7,4) CHECK (min_score >= 0 AND min_score <= 100),
    PRIMARY KEY (cycle, id),
    CONSTRAINT planks_position_unique UNIQUE (cycle, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE questions (
    cycle       ident NOT NULL REFERENCES cycles (id),
    id          ident NOT NULL,
    position    integer NOT NULL CHECK (position >= 0),
    text        text NOT NULL CHECK (text <> ''),
    kind        text NOT NULL CHECK (kind IN ('yes_no', 'scale', 'choice', 'text')),
    scale_min   integer,            -- scale only
    scale_max   integer,            -- scale only
    max_points  integer,            -- text only: rubric 0..max_points
    PRIMARY KEY (cycle, id),
    CONSTRAINT questions_position_unique UNIQUE (cycle, position) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT questions_scale CHECK (
        (kind = 'scale') = (scale_min IS NOT NULL AND scale_max IS NOT NULL)
        AND (scale_min IS NULL OR scale_max IS NULL OR scale_min < scale_max)
        AND (kind = 'scale' OR (scale_min IS NULL AND scale_max IS NULL))),
    CONSTRAINT questions_max_points CHECK (
        (kind = 'text') = (max_points IS NOT NULL) AND (max_points IS NULL OR max_points >= 1))
);

-- Options of a `choice` question.
CREATE TABLE question_options (
    cycle     ident NOT NULL,
    question  ident NOT NULL,
    id        ident NOT NULL,
    position  integer NOT NULL CHECK (position >= 0),
    label     text NOT NULL,
    score     numeric(5,4) NOT NULL CHECK (score >= 0 AND score <= 1),
    PRIMARY KEY (cycle, question, id),
    FOREIGN KEY (cycle, question) REFERENCES questions (cycle, id) ON DELETE CASCADE
);

-- How a question feeds planks (>= 1 per question; the loader guarantees it).
CREATE TABLE question_planks (
    cycle     ident NOT NULL,
    question  ident NOT NULL,
    plank     ident NOT NULL,
    position  integer NOT NULL CHECK (position >= 0),
    weight    numeric(12,4) NOT NULL DEFAULT 1 CHECK (weight > 0),
    favors    text CHECK (favors IN ('yes', 'no', 'high', 'low')),   -- yes_no / scale only
    PRIMARY KEY (cycle, question, plank),
    FOREIGN KEY (cycle, question) REFERENCES questions (cycle, id) ON DELETE CASCADE,
    FOREIGN KEY (cycle, plank) REFERENCES planks (cycle, id)
);

------------------------------------------------------------------------------------------------
-- Member organisations: one coalition-wide roster (orgs.csv), recusals per race.
------------------------------------------------------------------------------------------------

CREATE TABLE orgs (
    id             ident PRIMARY KEY,
    name           text NOT NULL CHECK (name <> ''),
    weight         bigint NOT NULL DEFAULT 1 CHECK (weight > 0),
    contact_email  text,
    active         boolean NOT NULL DEFAULT true,   -- inactive: on the roster, never votes or counts
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE recusals (
    cycle   ident NOT NULL,
    race    ident NOT NULL,
    org     ident NOT NULL REFERENCES orgs (id),
    reason  text NOT NULL CHECK (reason <> ''),
    actor   actor_name NOT NULL,
    at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cycle, race, org),
    FOREIGN KEY (cycle, race) REFERENCES races (cycle, id)
);

------------------------------------------------------------------------------------------------
-- Candidates, questionnaire answers (versioned), reviews.
------------------------------------------------------------------------------------------------

CREATE TABLE candidates (
    cycle            ident NOT NULL,
    id               ident NOT NULL,
    race             ident NOT NULL,
    name             text NOT NULL CHECK (name <> ''),
    ballot_name      text,                -- NULL: same as name
    incumbent        boolean,             -- NULL: empty cell (the slate shows false)
    email            text,
    website          text,
    withdrawn_at     timestamptz,
    withdraw_reason  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cycle, id),
    UNIQUE (cycle, race, id),             -- target of FKs that pin a candidate to its race
    FOREIGN KEY (cycle, race) REFERENCES races (cycle, id),
    CONSTRAINT candidates_withdrawal CHECK (
        (withdrawn_at IS NULL) = (withdraw_reason IS NULL)
        AND (withdraw_reason IS NULL OR withdraw_reason <> ''))
);

-- Every imported value of every (candidate, question); one `current` row per pair. A re-import
-- that leaves a value unchanged keeps the current row (and so its reviews); a changed value adds
-- version n+1 and clears `current` on the old one. value NULL = unanswered (empty cell).
-- Values are stored normalized: yes_no 'yes'/'no', scale the integer, choice the option id,
-- text as given.
CREATE TABLE answers (
    id           bigserial PRIMARY KEY,
    cycle        ident NOT NULL,
    candidate    ident NOT NULL,
    question     ident NOT NULL,
    version      integer NOT NULL CHECK (version >= 1),
    value        text CHECK (value <> ''),
    current      boolean NOT NULL DEFAULT true,
    source       text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'api', 'cli')),
    actor        actor_name NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cycle, candidate, question, version),
    UNIQUE (id, cycle, candidate, question),   -- lets reviews pin the answer they reviewed
    FOREIGN KEY (cycle, candidate) REFERENCES candidates (cycle, id),
    FOREIGN KEY (cycle, question) REFERENCES questions (cycle, id)
);
CREATE UNIQUE INDEX answers_one_current ON answers (cycle, candidate, question) WHERE current;

-- A reviewer's rubric points for one answer version. Scoring uses, per reviewer, the latest
-- review (highest id) of the candidate's current answer. points <= max_points is checked by the
-- application (the question's kind and max_points live in `questions`).
CREATE TABLE reviews (
    id          bigserial PRIMARY KEY,
    cycle       ident NOT NULL,
    candidate   ident NOT NULL,
    question    ident NOT NULL,
    answer_id   bigint NOT NULL,
    reviewer    text NOT NULL CHECK (reviewer <> ''),
    points      integer NOT NULL CHECK (points >= 0),
    note        text,
    actor       actor_name NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (answer_id, cycle, candidate, question)
        REFERENCES answers (id, cycle, candidate, question)
);
CREATE INDEX reviews_by_answer ON reviews (answer_id, reviewer, id);

------------------------------------------------------------------------------------------------
-- Voting. `vote open` snapshots the race's ballot (eligible candidates plus staff inclusions)
-- and the roster (weights, active, recused) once; the tally uses the snapshot. Recusing an org
-- from an open race must also set race_roster.recused.
------------------------------------------------------------------------------------------------

CREATE TABLE race_ballot (
    cycle            ident NOT NULL,
    race             ident NOT NULL,
    candidate        ident NOT NULL,
    position         integer NOT NULL CHECK (position >= 0),   -- display order
    included_reason  text CHECK (included_reason <> ''),       -- NULL: eligible by score
    added_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cycle, race, candidate),
    UNIQUE (cycle, race, position),
    FOREIGN KEY (cycle, race) REFERENCES races (cycle, id),
    FOREIGN KEY (cycle, race, candidate) REFERENCES candidates (cycle, race, id)
);

CREATE TABLE race_roster (
    cycle    ident NOT NULL,
    race     ident NOT NULL,
    org      ident NOT NULL REFERENCES orgs (id),
    weight   bigint NOT NULL CHECK (weight > 0),
    active   boolean NOT NULL,
    recused  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (cycle, race, org),
    FOREIGN KEY (cycle, race) REFERENCES races (cycle, id)
);

-- Every ballot version of every (org, race); the latest is `current` (one per pair). Kind
-- 'withdrawal' is a versioned withdrawal: the org then has no ballot. `ranking` is set exactly
-- for kind 'ranking', `approve` exactly for 'approve'. To write: lock the org's race_roster row
-- (SELECT ... FOR UPDATE), clear `current` on the old row, insert version max+1 as current.
CREATE TABLE ballots (
    id           bigserial PRIMARY KEY,
    cycle        ident NOT NULL,
    race         ident NOT NULL,
    org          ident NOT NULL,
    version      integer NOT NULL CHECK (version >= 1),
    kind         text NOT NULL
                 CHECK (kind IN ('ranking', 'approve', 'no_endorsement', 'abstain', 'withdrawal')),
    ranking      text[],
    approve      text[],
    proxy        boolean NOT NULL DEFAULT false,   -- entered by staff for the org
    proxy_note   text,
    source       text NOT NULL CHECK (source IN ('cli', 'api', 'import')),
    actor        actor_name NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    current      boolean NOT NULL DEFAULT true,
    UNIQUE (cycle, race, org, version),
    FOREIGN KEY (cycle, race, org) REFERENCES race_roster (cycle, race, org),
    CONSTRAINT ballots_ranking CHECK ((kind = 'ranking') = (ranking IS NOT NULL)
        AND (ranking IS NULL OR (cardinality(ranking) >= 1 AND endorse_distinct_ids(ranking)))),
    CONSTRAINT ballots_approve CHECK ((kind = 'approve') = (approve IS NOT NULL)
        AND (approve IS NULL OR (cardinality(approve) >= 1 AND endorse_distinct_ids(approve)))),
    CONSTRAINT ballots_proxy_note CHECK (proxy OR proxy_note IS NULL)
);
CREATE UNIQUE INDEX ballots_one_current ON ballots (cycle, race, org) WHERE current;

-- A new ballot version is refused unless the race is open, the org may vote (active, not
-- recused in the snapshot) and every id is on the race's ballot. Rows are immutable except for
-- `current`.
CREATE FUNCTION endorse_ballots_check() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    DECLARE
        race_state text;
        may_vote boolean;
        ids text[];
        missing text;
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF (NEW.id, NEW.cycle, NEW.race, NEW.org, NEW.version, NEW.kind, NEW.ranking,
                NEW.approve, NEW.proxy, NEW.proxy_note, NEW.source, NEW.actor, NEW.recorded_at)
               IS DISTINCT FROM
               (OLD.id, OLD.cycle, OLD.race, OLD.org, OLD.version, OLD.kind, OLD.ranking,
                OLD.approve, OLD.proxy, OLD.proxy_note, OLD.source, OLD.actor, OLD.recorded_at)
            THEN
                RAISE EXCEPTION 'ballots are immutable except for current'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END IF;
        SELECT state INTO race_state FROM races WHERE cycle = NEW.cycle AND id = NEW.race;
        IF race_state IS DISTINCT FROM 'open' THEN
            RAISE EXCEPTION 'race %/% is not open', NEW.cycle, NEW.race
                USING ERRCODE = 'check_violation', CONSTRAINT = 'ballots_race_open';
        END IF;
        SELECT active AND NOT recused INTO may_vote
            FROM race_roster WHERE cycle = NEW.cycle AND race = NEW.race AND org = NEW.org;
        IF may_vote IS NOT TRUE AND NEW.kind <> 'withdrawal' THEN
            RAISE EXCEPTION 'org % may not vote in race %/%', NEW.org, NEW.cycle, NEW.race
                USING ERRCODE = 'check_violation', CONSTRAINT = 'ballots_org_may_vote';
        END IF;
        ids := coalesce(NEW.ranking, NEW.approve, '{}');
        SELECT x INTO missing FROM unnest(ids) AS x
            WHERE NOT EXISTS (SELECT 1 FROM race_ballot b
                              WHERE b.cycle = NEW.cycle AND b.race = NEW.race AND b.candidate = x)
            LIMIT 1;
        IF missing IS NOT NULL THEN
            RAISE EXCEPTION 'candidate % is not on the ballot of race %/%', missing, NEW.cycle, NEW.race
                USING ERRCODE = 'check_violation', CONSTRAINT = 'ballots_on_ballot';
        END IF;
        RETURN NEW;
    END
    $$;
CREATE TRIGGER ballots_check BEFORE INSERT OR UPDATE ON ballots
    FOR EACH ROW EXECUTE FUNCTION endorse_ballots_check();

-- Ballots that count: the current version of each (org, race), withdrawals left out.
CREATE VIEW current_ballots AS
    SELECT b.*, r.weight
    FROM ballots b
    JOIN race_roster r USING (cycle, race, org)
    WHERE b.current AND b.kind <> 'withdrawal';

------------------------------------------------------------------------------------------------
-- Decisions, rescissions, slates.
------------------------------------------------------------------------------------------------

-- Staff's decisions per race, numbered by seq. The `current` one (at most one per race) is in
-- force; an older one was superseded (a later decision or a rescission) or cleared by a reopen.
-- `tally` is the canonical tally JSON text the decision was made from; its sha256 is checked.
-- `scores` is canonical JSON {"<candidate>": {"overall": n, "planks": {...}}} of the endorsed
-- candidates at decision time (the slate shows these).
CREATE TABLE decisions (
    id              bigserial PRIMARY KEY,
    cycle           ident NOT NULL,
    race            ident NOT NULL,
    seq             integer NOT NULL CHECK (seq >= 1),
    kind            text NOT NULL DEFAULT 'decide' CHECK (kind IN ('decide', 'rescind')),
    tally_outcome   text NOT NULL
                    CHECK (tally_outcome IN ('endorsed', 'no_endorsement', 'tie', 'no_quorum')),
    endorsed        text[] NOT NULL CHECK (endorse_distinct_ids(endorsed)),  -- in decision order
    override        boolean NOT NULL DEFAULT false,
    reason          text CHECK (reason <> ''),
    tally           text NOT NULL,
    tally_sha256    hash256 NOT NULL,
    scores          text NOT NULL DEFAULT '{}',
    actor           actor_name NOT NULL,
    decided_at      timestamptz NOT NULL DEFAULT now(),
    current         boolean NOT NULL DEFAULT true,
    cleared_at      timestamptz,             -- set when a reopen cleared this decision
    clear_reason    text CHECK (clear_reason <> ''),
    UNIQUE (cycle, race, seq),
    FOREIGN KEY (cycle, race) REFERENCES races (cycle, id),
    CONSTRAINT decisions_tally_hash CHECK (sha256(convert_to(tally, 'UTF8')) = tally_sha256),
    -- A reason is required unless the decision simply accepts an endorsed/no_endorsement tally.
    CONSTRAINT decisions_reason CHECK (reason IS NOT NULL
        OR (kind = 'decide' AND NOT override AND tally_outcome IN ('endorsed', 'no_endorsement'))),
    CONSTRAINT decisions_cleared CHECK ((cleared_at IS NULL) = (clear_reason IS NULL)
        AND (cleared_at IS NULL OR NOT current))
);
CREATE UNIQUE INDEX decisions_one_current ON decisions (cycle, race) WHERE current;

-- Endorsed ids must be candidates of the race, at most max_endorsements of them.
CREATE FUNCTION endorse_decisions_check() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    DECLARE
        max_e integer;
        missing text;
    BEGIN
        SELECT max_endorsements INTO max_e FROM races WHERE cycle = NEW.cycle AND id = NEW.race;
        IF cardinality(NEW.endorsed) > max_e THEN
            RAISE EXCEPTION 'race %/% allows at most % endorsements', NEW.cycle, NEW.race, max_e
                USING ERRCODE = 'check_violation', CONSTRAINT = 'decisions_max_endorsements';
        END IF;
        SELECT x INTO missing FROM unnest(NEW.endorsed) AS x
            WHERE NOT EXISTS (SELECT 1 FROM candidates c
                              WHERE c.cycle = NEW.cycle AND c.race = NEW.race AND c.id = x)
            LIMIT 1;
        IF missing IS NOT NULL THEN
            RAISE EXCEPTION 'candidate % is not in race %/%', missing, NEW.cycle, NEW.race
                USING ERRCODE = 'check_violation', CONSTRAINT = 'decisions_candidates';
        END IF;
        RETURN NEW;
    END
    $$;
CREATE TRIGGER decisions_check BEFORE INSERT ON decisions
    FOR EACH ROW EXECUTE FUNCTION endorse_decisions_check();

-- A rescinded endorsement; `decision` is the new decision it produced.
CREATE TABLE rescissions (
    id         bigserial PRIMARY KEY,
    cycle      ident NOT NULL,
    race       ident NOT NULL,
    candidate  ident NOT NULL,
    reason     text NOT NULL CHECK (reason <> ''),
    decision   bigint NOT NULL REFERENCES decisions (id),
    actor      actor_name NOT NULL,
    at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (cycle, race, candidate) REFERENCES candidates (cycle, race, id)
);

-- Published slate versions: the exact signed bytes, chained by previous_sha256 (the FK checks
-- that it names the sha256 of version-1 of the same cycle). content_sha256 is the hash of the
-- slate "content" (formats.md) that decides whether publishing again makes a new version.
CREATE TABLE slates (
    cycle             ident NOT NULL REFERENCES cycles (id),
    version           integer NOT NULL CHECK (version >= 1),
    sha256            hash256 NOT NULL,
    previous_sha256   hash256,
    previous_version  integer GENERATED ALWAYS AS (version - 1) STORED,
    content_sha256    hash256 NOT NULL,
    bytes             bytea NOT NULL,
    signature         text NOT NULL,          -- the .sig file's text (signify format)
    actor             actor_name NOT NULL,
    published_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cycle, version),
    UNIQUE (cycle, version, sha256),
    FOREIGN KEY (cycle, previous_version, previous_sha256)
        REFERENCES slates (cycle, version, sha256),
    CONSTRAINT slates_bytes_hash CHECK (sha256(bytes) = sha256),
    CONSTRAINT slates_chain_start CHECK ((version = 1) = (previous_sha256 IS NULL))
);
CREATE TRIGGER slates_append_only BEFORE UPDATE OR DELETE ON slates
    FOR EACH ROW EXECUTE FUNCTION endorse_refuse_change();
CREATE TRIGGER slates_no_truncate BEFORE TRUNCATE ON slates
    FOR EACH STATEMENT EXECUTE FUNCTION endorse_refuse_change();

------------------------------------------------------------------------------------------------
-- HTTP service (api.md): tokens and idempotency keys.
------------------------------------------------------------------------------------------------

CREATE TABLE api_tokens (
    name          text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._-]{1,64}$'),
    role          text NOT NULL CHECK (role IN ('staff', 'org')),
    org           ident REFERENCES orgs (id),
    token_sha256  hash256 NOT NULL UNIQUE,     -- the token itself is never stored
    actor         actor_name NOT NULL,        -- who created it
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    CONSTRAINT api_tokens_org CHECK ((role = 'org') = (org IS NOT NULL))
);

-- Only a 2xx answer binds a key; keys older than 24 h are dead (delete or overwrite them).
CREATE TABLE idempotency_keys (
    org              ident NOT NULL REFERENCES orgs (id),
    key              text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    method           text NOT NULL,
    path             text NOT NULL,
    request_sha256   hash256 NOT NULL,     -- of the canonical JSON of the request body
    response_status  integer NOT NULL CHECK (response_status BETWEEN 200 AND 299),
    response_body    bytea NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org, key)
);

------------------------------------------------------------------------------------------------
-- Audit log: append-only, hash-chained (Sources/EndorseStore/Audit/AuditLog.swift writes it).
-- hash = sha256(prev_hash || canonical JSON {action, actor, at, cycle, details, id, subject}),
-- with prev_hash of the first event empty. `at` is text (ISO-8601 UTC, microseconds) and
-- `details` the canonical JSON text, so verification hashes exactly the stored bytes. Writers
-- take the one-row audit_head FOR UPDATE, which serializes the chain and gives gapless ids.
------------------------------------------------------------------------------------------------

CREATE TABLE audit_log (
    id         bigint PRIMARY KEY CHECK (id >= 1),
    at         text NOT NULL CHECK (at ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$'),
    actor      actor_name NOT NULL,
    action     text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.-]*$'),
    cycle      text,                      -- no FK: the log outlives anything it mentions
    subject    text,
    details    text NOT NULL,             -- canonical JSON
    details_json jsonb GENERATED ALWAYS AS (details::jsonb) STORED,   -- for queries only
    prev_hash  hash256,                    -- NULL for the first event
    hash       hash256 NOT NULL,
    CONSTRAINT audit_log_chain_start CHECK ((id = 1) = (prev_hash IS NULL))
);
CREATE INDEX audit_log_by_cycle ON audit_log (cycle, id);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION endorse_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION endorse_refuse_change();

-- The chain's head: the last event's id and hash (0 / NULL when empty). Exactly one row.
CREATE TABLE audit_head (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_id    bigint NOT NULL DEFAULT 0 CHECK (last_id >= 0),
    last_hash  hash256,
    CONSTRAINT audit_head_consistent CHECK ((last_id = 0) = (last_hash IS NULL))
);
INSERT INTO audit_head DEFAULT VALUES;
