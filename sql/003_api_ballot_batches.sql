-- 003_api_ballot_batches: the service writes concurrent ballots of one race as one statement.
--
-- Why: with 002 every ballot cost ~10 statements in its own transaction, and PostgreSQL spent
-- most of its time on per-statement work (executor start, re-reading the ballots table's CHECK
-- constraints, trigger and foreign-key queries) rather than on the rows themselves
-- (BENCHMARKS.md, "HTTP service"). `endorse_api_put_ballots` takes the ballots that arrived
-- together for one race and runs api.md's checks, the versioned writes, the audit events and
-- the idempotency keys as about ten set-based statements for the whole batch, in one
-- transaction: nobody's answer is sent before that commit.
--
-- The caller (the service's batcher, `PutBallotBatcher`) sends at most one item per token hash;
-- two items of one org (two of its tokens) in a batch answer `again` for the later one, which the
-- caller sends in a later batch, so within a batch every org has at most one ballot. Rows are
-- locked in org order, so concurrent batches never wait on each other in a cycle. Item by item,
-- the outcomes are those of 002's `endorse_api_put_ballot`, which this replaces.

DROP FUNCTION endorse_api_put_ballot(bytea, text, text, text, bigint, boolean, text, text[], text[],
                                     text, text, text, bytea);
DROP TYPE endorse_put_ballot_result;

-- One row per item (`i`, 1-based, in the order of the arrays). `outcome` as 002 described, plus
-- `again`: another item of this org is in the batch; nothing written, send it again.
CREATE TYPE endorse_put_ballots_row AS (
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

-- p_rankings / p_approves: each item's ids joined with ',' (ids are identifiers, checked against
-- the race's ballot by the caller when p_body_ok), '' when the kind has none: PostgreSQL arrays
-- cannot be ragged. '' also stands for "none" in p_kinds, p_ballot_json, p_keys, p_key_paths and
-- p_key_sha256 (PostgresNIO binds arrays without NULL elements; a key is never empty).
CREATE FUNCTION endorse_api_put_ballots(
    p_cycle text, p_race text, p_method text, p_state_changed_us bigint,
    p_tokens bytea[], p_body_ok boolean[], p_kinds text[], p_rankings text[], p_approves text[],
    p_ballot_json text[], p_keys text[], p_key_paths text[], p_key_sha256 bytea[]
) RETURNS SETOF endorse_put_ballots_row
    LANGUAGE plpgsql
    AS $$
    DECLARE
        n integer := coalesce(cardinality(p_tokens), 0);
        -- item_orgs[i] is NULL once item i has its answer; the rest are still going.
        item_orgs text[] := array_fill(NULL::text, ARRAY[n]);
        actors text[] := array_fill(NULL::text, ARRAY[n]);
        versions integer[] := array_fill(0, ARRAY[n]);
        replaced boolean[] := array_fill(false, ARRAY[n]);
        on_roster boolean[] := array_fill(false, ARRAY[n]);
        res endorse_put_ballots_row;
        rec record;
        r record;
        j integer;
        live integer := 0;
        keyed boolean := false;
        first_ballots text[] := '{}';
        at_text text;
    BEGIN
        FOR rec IN SELECT u.i::integer AS i, t.name::text AS name, t.role, t.org::text AS org
                     FROM unnest(p_tokens) WITH ORDINALITY AS u(h, i)
                     LEFT JOIN api_tokens t ON t.token_sha256 = u.h AND t.revoked_at IS NULL
                    ORDER BY u.i
        LOOP
            res := NULL; res.i := rec.i; res.actor := rec.name; res.org := rec.org;
            IF rec.name IS NULL THEN res.outcome := 'unauthorized'; RETURN NEXT res;
            ELSIF rec.role <> 'org' THEN res.outcome := 'forbidden'; RETURN NEXT res;
            ELSIF rec.org = ANY(item_orgs) THEN res.outcome := 'again'; RETURN NEXT res;
            ELSE item_orgs[rec.i] := rec.org; actors[rec.i] := rec.name; live := live + 1;
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
            IF rec.recused THEN res.outcome := 'recused';
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

        -- The current row is the latest version (every writer keeps it so); a withdrawal is
        -- current too, but is no ballot. Without a current row, look for the latest anyway.
        FOR rec IN UPDATE ballots SET current = false
                    WHERE cycle = p_cycle AND race = p_race AND org = ANY(item_orgs) AND current
                RETURNING org::text AS org, version, kind <> 'withdrawal' AS was_ballot
        LOOP
            j := array_position(item_orgs, rec.org);
            versions[j] := rec.version; replaced[j] := rec.was_ballot;
        END LOOP;
        FOR i IN 1 .. n LOOP
            IF item_orgs[i] IS NOT NULL AND versions[i] = 0 THEN first_ballots := first_ballots || item_orgs[i]; END IF;
            IF item_orgs[i] IS NOT NULL AND p_keys[i] <> '' THEN keyed := true; END IF;
        END LOOP;
        IF cardinality(first_ballots) > 0 THEN
            FOR rec IN SELECT b.org::text AS org, max(b.version) AS v FROM ballots b
                        WHERE b.cycle = p_cycle AND b.race = p_race AND b.org = ANY(first_ballots)
                        GROUP BY b.org
            LOOP
                versions[array_position(item_orgs, rec.org)] := rec.v;
            END LOOP;
        END IF;

        FOR rec IN INSERT INTO ballots (cycle, race, org, version, kind, ranking, approve, proxy, source, actor)
                   SELECT p_cycle, p_race, x.o, versions[x.i] + 1, p_kinds[x.i],
                          string_to_array(nullif(p_rankings[x.i], ''), ','),
                          string_to_array(nullif(p_approves[x.i], ''), ','),
                          false, 'api', actors[x.i]
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

        at_text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
        INSERT INTO audit_pending (at, actor, action, cycle, subject, details)
        SELECT at_text, actors[x.i], CASE WHEN replaced[x.i] THEN 'ballot.replaced' ELSE 'ballot.cast' END,
               p_cycle, p_race,
               jsonb_build_object('race', p_race, 'org', x.o, 'version', versions[x.i] + 1,
                                  'kind', p_kinds[x.i], 'ballot', p_ballot_json[x.i]::jsonb,
                                  'proxy', false, 'proxy_note', NULL, 'source', 'api')::text
          FROM unnest(item_orgs) WITH ORDINALITY AS x(o, i)
         WHERE x.o IS NOT NULL
         ORDER BY x.i;

        IF keyed THEN
            DELETE FROM idempotency_keys k
             USING unnest(item_orgs, p_keys) AS x(o, key)
             WHERE k.org = x.o AND k.key = x.key AND k.created_at <= now() - interval '24 hours';
            -- A concurrent request that bound one of these keys first makes this INSERT fail
            -- with unique_violation on idempotency_keys_pkey: the batch rolls back.
            INSERT INTO idempotency_keys (org, key, method, path, request_sha256, response_status,
                                          cycle, race, version)
            SELECT x.o, x.key, 'PUT', p_key_paths[x.i], p_key_sha256[x.i],
                   CASE WHEN replaced[x.i] THEN 200 ELSE 201 END, p_cycle, p_race, versions[x.i] + 1
              FROM unnest(item_orgs, p_keys) WITH ORDINALITY AS x(o, key, i)
             WHERE x.o IS NOT NULL AND x.key <> '';
        END IF;
    END
    $$;
