-- 002_api_ballot_writes: an org's ballot over HTTP in one statement, and audit events that join
-- the hash chain after commit instead of serializing every ballot on the chain's head.
--
-- Why: with 001 a ballot took ~18 round trips and held audit_head's row lock until commit, so
-- ballots committed one after another (BENCHMARKS.md, "HTTP service"). Now:
-- * `endorse_api_put_ballot` does api.md's checks, the versioned write and the audit event in one
--   call (one implicit transaction, one round trip).
-- * Such events go to `audit_pending` in the ballot's transaction (durable at commit, like the
--   ballot). A sealer (`AuditLog.seal`: the service's background sealer, and every other audit
--   append, `audit log` and `audit verify`, which seal first) moves committed pending events into
--   `audit_log` in `seq` order under the audit_head lock, computing the chain there. The chain's
--   order is the order events were sealed; `at` is when the change happened.
-- * An idempotency key records which ballot version it answered; a replay rebuilds the same
--   answer from that version. Keys stored by 001 (with their response bytes) are at most 24 h
--   old and dead afterwards; they are dropped here, so upgrade with the service stopped.

-- The same test as 001's, in PL/pgSQL: a LANGUAGE sql body with FROM is never inlined, so every
-- ballot INSERT and UPDATE re-parsed and re-planned it for its CHECK constraints (a fifth of the
-- server's time under load, measured with perf). PL/pgSQL keeps its plan per session.
CREATE OR REPLACE FUNCTION endorse_distinct_ids(ids text[]) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
    DECLARE
        n integer := coalesce(array_length(ids, 1), 0);
    BEGIN
        FOR i IN 1 .. n LOOP
            IF ids[i] IS NULL OR ids[i] !~ '^[a-z0-9][a-z0-9-]{0,62}$' THEN RETURN false; END IF;
            FOR j IN 1 .. i - 1 LOOP
                IF ids[j] = ids[i] THEN RETURN false; END IF;
            END LOOP;
        END LOOP;
        RETURN true;
    END
    $$;

CREATE TABLE audit_pending (
    seq      bigserial PRIMARY KEY,
    at       text NOT NULL CHECK (at ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$'),
    actor    actor_name NOT NULL,
    action   text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.-]*$'),
    cycle    text,
    subject  text,
    details  text NOT NULL             -- JSON; the sealer writes it canonical into audit_log
);

DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys
    DROP COLUMN response_body,
    ADD COLUMN cycle ident NOT NULL,
    ADD COLUMN race ident NOT NULL,
    ADD COLUMN version integer NOT NULL CHECK (version >= 1),
    ADD CONSTRAINT idempotency_keys_ballot FOREIGN KEY (cycle, race, org, version)
        REFERENCES ballots (cycle, race, org, version);

-- What `endorse_api_put_ballot` answers. `outcome` is one of
--   ok             written: version, recorded_at, replaced
--   replay         a live idempotency key of the same request: its status and the ballot it
--                  answered (kind, ranking, approve, version, recorded_at); nothing written
--   unauthorized   no live token with that hash (401)
--   forbidden      a token without the org role (403)
--   conflict       the key is bound to another path or body (409)
--   no_cycle, not_found   no such cycle, no such race in it (404)
--   stale          the caller's cached race (method, state_changed_at) is out of date: reload, retry
--   race_not_open  race_state says what it is (409)
--   invalid_body   the caller found the body or ballot wrong (400): it has the message
--   unknown_org, not_on_roster, recused, org_inactive   the roster check (api.md's last)
-- Every outcome but ok writes nothing. A concurrent request that bound the same key first makes
-- the key INSERT fail with unique_violation on idempotency_keys_pkey, which rolls the ballot back.
CREATE TYPE endorse_put_ballot_result AS (
    outcome      text,
    actor        text,
    org          text,
    status       integer,
    race_state   text,
    kind         text,
    ranking      text[],
    approve      text[],
    version      integer,
    recorded_at  text,
    replaced     boolean
);

CREATE FUNCTION endorse_api_put_ballot(
    p_token_sha256 bytea, p_cycle text, p_race text,
    p_method text, p_state_changed_us bigint, p_body_ok boolean,
    p_kind text, p_ranking text[], p_approve text[], p_ballot_json text,
    p_key text, p_key_path text, p_key_sha256 bytea
) RETURNS endorse_put_ballot_result
    LANGUAGE plpgsql
    AS $$
    DECLARE
        res endorse_put_ballot_result;
        tok record;
        k record;
        r record;
        who record;
        last_version integer;
        had_current boolean;
        at_text text;
    BEGIN
        SELECT name, role, org INTO tok FROM api_tokens
            WHERE token_sha256 = p_token_sha256 AND revoked_at IS NULL;
        IF NOT FOUND THEN res.outcome := 'unauthorized'; RETURN res; END IF;
        res.actor := tok.name;
        IF tok.role <> 'org' THEN res.outcome := 'forbidden'; RETURN res; END IF;
        res.org := tok.org;

        IF p_key IS NOT NULL THEN
            SELECT i.path, i.request_sha256 = p_key_sha256 AS same, i.response_status, b.kind,
                   b.ranking, b.approve, b.version,
                   to_char(b.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
              INTO k
              FROM idempotency_keys i
              JOIN ballots b USING (cycle, race, org, version)
             WHERE i.org = tok.org AND i.key = p_key AND i.created_at > now() - interval '24 hours';
            IF FOUND THEN
                IF k.path <> p_key_path OR NOT k.same THEN res.outcome := 'conflict'; RETURN res; END IF;
                res.outcome := 'replay'; res.status := k.response_status; res.kind := k.kind;
                res.ranking := k.ranking; res.approve := k.approve; res.version := k.version;
                res.recorded_at := k.at;
                RETURN res;
            END IF;
        END IF;

        -- FOR SHARE: a concurrent `vote close` (FOR UPDATE) waits for this ballot, and it for the close.
        SELECT state, method, (extract(epoch FROM state_changed_at) * 1000000)::bigint AS changed_us
          INTO r FROM races WHERE cycle = p_cycle AND id = p_race FOR SHARE;
        IF NOT FOUND THEN
            res.outcome := CASE WHEN EXISTS (SELECT 1 FROM cycles WHERE id = p_cycle)
                                THEN 'not_found' ELSE 'no_cycle' END;
            RETURN res;
        END IF;
        IF p_method IS DISTINCT FROM r.method OR p_state_changed_us IS DISTINCT FROM r.changed_us THEN
            res.outcome := 'stale'; RETURN res;
        END IF;
        IF r.state <> 'open' THEN res.outcome := 'race_not_open'; res.race_state := r.state; RETURN res; END IF;
        IF NOT p_body_ok THEN res.outcome := 'invalid_body'; RETURN res; END IF;

        -- The org's roster row, locked: its concurrent ballots in this race take turns.
        SELECT active, recused INTO who FROM race_roster
            WHERE cycle = p_cycle AND race = p_race AND org = tok.org FOR UPDATE;
        IF NOT FOUND THEN
            res.outcome := CASE WHEN EXISTS (SELECT 1 FROM orgs WHERE id = tok.org)
                                THEN 'not_on_roster' ELSE 'unknown_org' END;
            RETURN res;
        END IF;
        IF who.recused THEN res.outcome := 'recused'; RETURN res; END IF;
        IF NOT who.active THEN res.outcome := 'org_inactive'; RETURN res; END IF;

        -- The current row is the latest version (every writer keeps it so); a withdrawal is
        -- current too, but is no ballot. Without a current row, look for the latest anyway.
        UPDATE ballots SET current = false
         WHERE cycle = p_cycle AND race = p_race AND org = tok.org AND current
        RETURNING version, kind <> 'withdrawal' INTO last_version, had_current;
        IF NOT FOUND THEN
            SELECT max(version) INTO last_version
              FROM ballots WHERE cycle = p_cycle AND race = p_race AND org = tok.org;
            last_version := coalesce(last_version, 0);
            had_current := false;
        END IF;
        res.version := last_version + 1;
        INSERT INTO ballots (cycle, race, org, version, kind, ranking, approve, proxy, source, actor)
        VALUES (p_cycle, p_race, tok.org, res.version, p_kind, p_ranking, p_approve, false, 'api', tok.name)
        RETURNING to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') INTO res.recorded_at;
        res.replaced := had_current;
        res.status := CASE WHEN had_current THEN 200 ELSE 201 END;

        at_text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
        INSERT INTO audit_pending (at, actor, action, cycle, subject, details)
        VALUES (at_text, tok.name, CASE WHEN had_current THEN 'ballot.replaced' ELSE 'ballot.cast' END,
                p_cycle, p_race,
                jsonb_build_object('race', p_race, 'org', tok.org, 'version', res.version, 'kind', p_kind,
                                   'ballot', p_ballot_json::jsonb, 'proxy', false, 'proxy_note', NULL,
                                   'source', 'api')::text);

        IF p_key IS NOT NULL THEN
            DELETE FROM idempotency_keys
             WHERE org = tok.org AND key = p_key AND created_at <= now() - interval '24 hours';
            INSERT INTO idempotency_keys (org, key, method, path, request_sha256, response_status,
                                          cycle, race, version)
            VALUES (tok.org, p_key, 'PUT', p_key_path, p_key_sha256, res.status, p_cycle, p_race, res.version);
        END IF;
        res.outcome := 'ok';
        RETURN res;
    END
    $$;

-- The immutability check of ballot rows runs only when something but `current` changed (the
-- WHEN clause is evaluated without calling PL/pgSQL), so clearing `current` on every new
-- ballot no longer calls the trigger function.
DROP TRIGGER ballots_check ON ballots;
CREATE TRIGGER ballots_check BEFORE INSERT ON ballots
    FOR EACH ROW EXECUTE FUNCTION endorse_ballots_check();
CREATE TRIGGER ballots_immutable BEFORE UPDATE ON ballots
    FOR EACH ROW
    WHEN ((NEW.id, NEW.cycle, NEW.race, NEW.org, NEW.version, NEW.kind, NEW.ranking, NEW.approve,
           NEW.proxy, NEW.proxy_note, NEW.source, NEW.actor, NEW.recorded_at)
          IS DISTINCT FROM
          (OLD.id, OLD.cycle, OLD.race, OLD.org, OLD.version, OLD.kind, OLD.ranking, OLD.approve,
           OLD.proxy, OLD.proxy_note, OLD.source, OLD.actor, OLD.recorded_at))
    EXECUTE FUNCTION endorse_ballots_check();
