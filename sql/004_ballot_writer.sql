-- 004_ballot_writer: one ballot write path for every entry point.
--
-- Why: ballots were written by 003's `endorse_api_put_ballots` (HTTP PUT) and by Swift code
-- (`vote cast`, `vote withdraw`, `vote import`, HTTP DELETE, a recusal's withdrawal), each
-- checking eligibility and versioning in its own way, with the trigger of 001 checking much of it
-- a third time. `endorse_write_ballots` is now the only writer: it checks who may vote and the
-- race's state in api.md's order, versions the org's ballot, and records its audit event, for a
-- batch of items of one race, set-based and in the caller's transaction. What a ballot says is
-- checked before the call against the race's method and ballot snapshot (`BallotRules` in
-- EndorseCore, the one home of those rules); the caller passes its verdict as `p_body_ok`.
--
-- An item names its voter either by an API token's hash (an org's own ballot: the token is
-- looked up here, its name acts) or by org id and actor (staff entry, an import, a recusal, an
-- org's ballot page). The caller sends at most one item per org (two items of one org in a
-- batch: the later one answers `again` and nothing is written for it). Roster rows are locked in
-- org order, so concurrent batches never wait on each other in a cycle.
--
-- An item may carry the deadline by which its caller is answered (microseconds since the epoch;
-- 0: none). An item whose deadline has passed (less half a second, for the two clocks) once its
-- roster row is locked is `expired` and not written: its caller was told 503, so it can never
-- become current after a later ballot of the same org was acknowledged. Once the lock is held,
-- any later ballot of the org waits for this one's commit.
--
-- The ballots table keeps only what protects the data from writers that bypass this function:
-- rows are immutable but for `current`, never deleted, one current row per (org, race) (001's
-- partial unique index), and `ranking`/`approve` set exactly for their kind.

DROP FUNCTION endorse_api_put_ballots(text, text, text, bigint, bytea[], boolean[], text[], text[], text[],
                                      text[], text[], text[], bytea[]);
DROP TYPE endorse_put_ballots_row;

DROP TRIGGER ballots_check ON ballots;
CREATE OR REPLACE FUNCTION endorse_ballots_check() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        RAISE EXCEPTION 'ballots are immutable except for current'
            USING ERRCODE = 'integrity_constraint_violation';
    END
    $$;
CREATE TRIGGER ballots_no_delete BEFORE DELETE ON ballots
    FOR EACH ROW EXECUTE FUNCTION endorse_refuse_change();
CREATE TRIGGER ballots_no_truncate BEFORE TRUNCATE ON ballots
    FOR EACH STATEMENT EXECUTE FUNCTION endorse_refuse_change();

ALTER TABLE ballots
    DROP CONSTRAINT ballots_ranking,
    DROP CONSTRAINT ballots_approve,
    DROP CONSTRAINT ballots_source_check,
    ADD CONSTRAINT ballots_ranking CHECK ((kind = 'ranking') = (ranking IS NOT NULL)),
    ADD CONSTRAINT ballots_approve CHECK ((kind = 'approve') = (approve IS NOT NULL)),
    ADD CONSTRAINT ballots_source_check CHECK (source IN ('cli', 'api', 'import', 'web'));

-- One row per item (`i`, 1-based, in the order of the arrays). `outcome`:
--   ok             written: version, recorded_at, replaced (and status 201/200 for HTTP)
--   replay         a live idempotency key of the same request: its status and the ballot it
--                  answered (kind, ranking, approve, version, recorded_at); nothing written
--   again          another item of this org is in the batch; nothing written, send it again
--   stale          the caller's race (method, state_changed_at) is out of date: reload, retry
--   unauthorized   no live token with that hash (401)
--   forbidden      a token without the org role (403)
--   conflict       the key is bound to another path or body (409)
--   no_cycle, not_found   no such cycle, no such race in it (404)
--   race_not_open  race_state says what it is (409)
--   invalid_body   the caller found the ballot wrong (400): it has the message
--   unknown_org, not_on_roster, recused, org_inactive   the roster check (api.md's last); a
--                  withdrawal is refused only for the first two
--   no_ballot      a withdrawal, but the org has no ballot in the race (404)
--   expired        the caller's deadline passed before the ballot could be written (503)
-- Every outcome but ok writes nothing for its item. A concurrent request that bound the same key
-- first makes the key INSERT fail with unique_violation on idempotency_keys_pkey, which rolls the
-- whole call back.
CREATE TYPE endorse_ballot_write AS (
    i            integer,
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

-- '' stands for "none" in the text arrays and an empty bytea in p_tokens and p_key_sha256
-- (PostgresNIO binds arrays without NULL elements). p_rankings / p_approves hold each item's ids
-- joined with ',' (ids are identifiers). p_kinds: ranking, approve, no_endorsement, abstain or
-- withdrawal. p_audit: one pending audit event per ballot version (false: the caller records
-- one event for its whole change, e.g. `vote import`).
CREATE FUNCTION endorse_write_ballots(
    p_cycle text, p_race text, p_method text, p_state_changed_us bigint, p_source text, p_audit boolean,
    p_tokens bytea[], p_orgs text[], p_actors text[], p_proxy boolean[], p_proxy_notes text[],
    p_body_ok boolean[], p_kinds text[], p_rankings text[], p_approves text[], p_ballot_json text[],
    p_keys text[], p_key_paths text[], p_key_sha256 bytea[], p_deadlines_us bigint[]
) RETURNS SETOF endorse_ballot_write
    LANGUAGE plpgsql
    AS $$
    DECLARE
        n integer := coalesce(cardinality(p_kinds), 0);
        -- item_orgs[i] is NULL once item i has its answer; the rest are still going.
        item_orgs text[] := array_fill(NULL::text, ARRAY[n]);
        actors text[] := array_fill(NULL::text, ARRAY[n]);
        versions integer[] := array_fill(0, ARRAY[n]);
        replaced boolean[] := array_fill(false, ARRAY[n]);
        on_roster boolean[] := array_fill(false, ARRAY[n]);
        res endorse_ballot_write;
        rec record;
        r record;
        j integer;
        live integer := 0;
        keyed boolean := false;
        first_ballots text[] := '{}';
        restore text[] := '{}';
        at_text text;
    BEGIN
        FOR rec IN SELECT u.i::integer AS i, octet_length(u.h) > 0 AS by_token, t.name::text AS name, t.role,
                          t.org::text AS token_org
                     FROM unnest(p_tokens) WITH ORDINALITY AS u(h, i)
                     LEFT JOIN api_tokens t ON octet_length(u.h) > 0 AND t.token_sha256 = u.h AND t.revoked_at IS NULL
                    ORDER BY u.i
        LOOP
            res := NULL; res.i := rec.i;
            IF rec.by_token THEN
                res.actor := rec.name; res.org := rec.token_org;
                IF rec.name IS NULL THEN res.outcome := 'unauthorized'; RETURN NEXT res; CONTINUE;
                ELSIF rec.role <> 'org' THEN res.outcome := 'forbidden'; RETURN NEXT res; CONTINUE;
                END IF;
            ELSE
                res.actor := p_actors[rec.i]; res.org := p_orgs[rec.i];
            END IF;
            IF res.org = ANY(item_orgs) THEN res.outcome := 'again'; RETURN NEXT res;
            ELSE item_orgs[rec.i] := res.org; actors[rec.i] := res.actor; live := live + 1;
            END IF;
        END LOOP;
        IF live = 0 THEN RETURN; END IF;

        IF cardinality(array_remove(p_keys, '')) > 0 THEN
            FOR rec IN SELECT u.i::integer AS i, k.path, k.request_sha256 = p_key_sha256[u.i] AS same,
                              k.response_status, b.kind, b.ranking::text[] AS ranking,
                              b.approve::text[] AS approve, b.version,
                              to_char(b.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
                         FROM unnest(p_keys) WITH ORDINALITY AS u(key, i)
                         JOIN idempotency_keys k ON k.org = item_orgs[u.i] AND k.key = u.key
                         JOIN ballots b ON b.cycle = k.cycle AND b.race = k.race AND b.org = k.org
                                       AND b.version = k.version
                        WHERE u.key <> '' AND k.created_at > now() - interval '24 hours'
            LOOP
                res := NULL; res.i := rec.i; res.actor := actors[rec.i]; res.org := item_orgs[rec.i];
                IF rec.path <> p_key_paths[rec.i] OR NOT rec.same THEN
                    res.outcome := 'conflict';
                ELSE
                    res.outcome := 'replay'; res.status := rec.response_status; res.kind := rec.kind;
                    res.ranking := rec.ranking; res.approve := rec.approve; res.version := rec.version;
                    res.recorded_at := rec.at;
                END IF;
                RETURN NEXT res;
                item_orgs[rec.i] := NULL; live := live - 1;
            END LOOP;
            IF live = 0 THEN RETURN; END IF;
        END IF;

        -- FOR SHARE: a concurrent `vote close` (FOR UPDATE) waits for these ballots, and they
        -- for the close.
        SELECT state, method, (extract(epoch FROM state_changed_at) * 1000000)::bigint AS changed_us
          INTO r FROM races WHERE cycle = p_cycle AND id = p_race FOR SHARE;
        FOR i IN 1 .. n LOOP
            CONTINUE WHEN item_orgs[i] IS NULL;
            res := NULL; res.i := i; res.actor := actors[i]; res.org := item_orgs[i];
            IF r IS NULL THEN
                res.outcome := CASE WHEN EXISTS (SELECT 1 FROM cycles WHERE id = p_cycle)
                                    THEN 'not_found' ELSE 'no_cycle' END;
            ELSIF p_method IS DISTINCT FROM r.method OR p_state_changed_us IS DISTINCT FROM r.changed_us THEN
                res.outcome := 'stale';
            ELSIF r.state <> 'open' THEN
                res.outcome := 'race_not_open'; res.race_state := r.state;
            ELSIF NOT p_body_ok[i] THEN
                res.outcome := 'invalid_body';
            ELSE
                CONTINUE;
            END IF;
            RETURN NEXT res;
            item_orgs[i] := NULL; live := live - 1;
        END LOOP;
        IF live = 0 THEN RETURN; END IF;

        -- The orgs' roster rows, locked in org order: an org's concurrent ballots in this race
        -- take turns, and two batches never lock each other's rows the other way round.
        FOR rec IN SELECT rr.org::text AS org, rr.active, rr.recused FROM race_roster rr
                    WHERE rr.cycle = p_cycle AND rr.race = p_race AND rr.org = ANY(item_orgs)
                    ORDER BY rr.org FOR UPDATE
        LOOP
            j := array_position(item_orgs, rec.org);
            on_roster[j] := true;
            res := NULL; res.i := j; res.actor := actors[j]; res.org := rec.org;
            IF p_deadlines_us[j] > 0
               AND (extract(epoch FROM clock_timestamp()) * 1000000)::bigint > p_deadlines_us[j] - 500000 THEN
                res.outcome := 'expired';
            ELSIF p_kinds[j] = 'withdrawal' THEN CONTINUE;
            ELSIF rec.recused THEN res.outcome := 'recused';
            ELSIF NOT rec.active THEN res.outcome := 'org_inactive';
            ELSE CONTINUE;
            END IF;
            RETURN NEXT res;
            item_orgs[j] := NULL; live := live - 1;
        END LOOP;
        FOR i IN 1 .. n LOOP
            CONTINUE WHEN item_orgs[i] IS NULL OR on_roster[i];
            res := NULL; res.i := i; res.actor := actors[i]; res.org := item_orgs[i];
            res.outcome := CASE WHEN EXISTS (SELECT 1 FROM orgs o WHERE o.id = item_orgs[i])
                                THEN 'not_on_roster' ELSE 'unknown_org' END;
            RETURN NEXT res;
            item_orgs[i] := NULL; live := live - 1;
        END LOOP;
        IF live = 0 THEN RETURN; END IF;

        -- The current row is the latest version (this function keeps it so); a withdrawal is
        -- current too, but is no ballot. Without a current row, look for the latest anyway.
        FOR rec IN UPDATE ballots SET current = false
                    WHERE cycle = p_cycle AND race = p_race AND org = ANY(item_orgs) AND current
                RETURNING org::text AS org, version, kind <> 'withdrawal' AS was_ballot
        LOOP
            j := array_position(item_orgs, rec.org);
            versions[j] := rec.version; replaced[j] := rec.was_ballot;
            IF p_kinds[j] = 'withdrawal' AND NOT rec.was_ballot THEN restore := restore || rec.org; END IF;
        END LOOP;
        -- A withdrawal needs a ballot to withdraw: put back a current withdrawal row it cleared.
        IF cardinality(restore) > 0 THEN
            UPDATE ballots b SET current = true
             FROM unnest(item_orgs, versions) AS x(o, v)
             WHERE b.cycle = p_cycle AND b.race = p_race AND b.org = x.o AND b.version = x.v
               AND x.o = ANY(restore);
        END IF;
        FOR i IN 1 .. n LOOP
            CONTINUE WHEN item_orgs[i] IS NULL;
            IF p_kinds[i] = 'withdrawal' AND NOT replaced[i] THEN
                res := NULL; res.i := i; res.actor := actors[i]; res.org := item_orgs[i];
                res.outcome := 'no_ballot';
                RETURN NEXT res;
                item_orgs[i] := NULL; live := live - 1;
                CONTINUE;
            END IF;
            IF versions[i] = 0 THEN first_ballots := first_ballots || item_orgs[i]; END IF;
            IF p_keys[i] <> '' THEN keyed := true; END IF;
        END LOOP;
        IF live = 0 THEN RETURN; END IF;
        IF cardinality(first_ballots) > 0 THEN
            FOR rec IN SELECT b.org::text AS org, max(b.version) AS v FROM ballots b
                        WHERE b.cycle = p_cycle AND b.race = p_race AND b.org = ANY(first_ballots)
                        GROUP BY b.org
            LOOP
                versions[array_position(item_orgs, rec.org)] := rec.v;
            END LOOP;
        END IF;

        FOR rec IN INSERT INTO ballots (cycle, race, org, version, kind, ranking, approve, proxy, proxy_note,
                                        source, actor)
                   SELECT p_cycle, p_race, x.o, versions[x.i] + 1, p_kinds[x.i],
                          string_to_array(nullif(p_rankings[x.i], ''), ','),
                          string_to_array(nullif(p_approves[x.i], ''), ','),
                          p_proxy[x.i], nullif(p_proxy_notes[x.i], ''), p_source, actors[x.i]
                     FROM unnest(item_orgs) WITH ORDINALITY AS x(o, i)
                    WHERE x.o IS NOT NULL
                    ORDER BY x.o
                RETURNING org::text AS org, version,
                          to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
        LOOP
            j := array_position(item_orgs, rec.org);
            res := NULL; res.i := j; res.outcome := 'ok'; res.actor := actors[j]; res.org := rec.org;
            res.version := rec.version; res.recorded_at := rec.at; res.replaced := replaced[j];
            res.status := CASE WHEN replaced[j] THEN 200 ELSE 201 END;
            RETURN NEXT res;
        END LOOP;

        IF p_audit THEN
            at_text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
            INSERT INTO audit_pending (at, actor, action, cycle, subject, details)
            SELECT at_text, actors[x.i],
                   CASE WHEN p_kinds[x.i] = 'withdrawal' THEN 'ballot.withdrawn'
                        WHEN replaced[x.i] THEN 'ballot.replaced' ELSE 'ballot.cast' END,
                   p_cycle, p_race,
                   jsonb_build_object('race', p_race, 'org', x.o, 'version', versions[x.i] + 1,
                                      'kind', p_kinds[x.i], 'ballot', nullif(p_ballot_json[x.i], '')::jsonb,
                                      'proxy', p_proxy[x.i], 'proxy_note', nullif(p_proxy_notes[x.i], ''),
                                      'source', p_source)::text
              FROM unnest(item_orgs) WITH ORDINALITY AS x(o, i)
             WHERE x.o IS NOT NULL
             ORDER BY x.i;
        END IF;

        IF keyed THEN
            DELETE FROM idempotency_keys k
             USING unnest(item_orgs, p_keys) AS x(o, key)
             WHERE k.org = x.o AND k.key = x.key AND k.created_at <= now() - interval '24 hours';
            INSERT INTO idempotency_keys (org, key, method, path, request_sha256, response_status,
                                          cycle, race, version)
            SELECT x.o, x.key, CASE WHEN p_kinds[x.i] = 'withdrawal' THEN 'DELETE' ELSE 'PUT' END,
                   p_key_paths[x.i], p_key_sha256[x.i],
                   CASE WHEN replaced[x.i] THEN 200 ELSE 201 END, p_cycle, p_race, versions[x.i] + 1
              FROM unnest(item_orgs, p_keys) WITH ORDINALITY AS x(o, key, i)
             WHERE x.o IS NOT NULL AND x.key <> '';
        END IF;
    END
    $$;
