-- 006_web: the candidates' questionnaire pages (web.md): personal access links, browser
-- sessions, drafts, and answers submitted from a page (source 'web').
--
-- Tokens and session ids are random (32 bytes) and stored only as their SHA-256, like API
-- tokens. A link belongs to one cycle and one candidate (org links, for the ballot pages, use
-- the `org` column). A session is valid only while its link is: revoking or replacing a link
-- ends its sessions at once, without touching them.

ALTER TABLE answers DROP CONSTRAINT answers_source_check;
ALTER TABLE answers ADD CONSTRAINT answers_source_check
    CHECK (source IN ('import', 'api', 'cli', 'web'));

CREATE TABLE access_links (
    id             bigserial PRIMARY KEY,
    cycle          ident NOT NULL REFERENCES cycles (id),
    candidate      ident,
    org            ident REFERENCES orgs (id),
    -- The link's name, e.g. `invite-1`, `remind-2`: part of the audit actor of what is done
    -- with it (`candidate:c-ana-ruiz/invite-1`).
    name           text NOT NULL CHECK (name ~ '^[a-z]+-[0-9]+$'),
    kind           text NOT NULL CHECK (kind IN ('invite', 'remind')),
    token_sha256   hash256 NOT NULL UNIQUE,
    actor          actor_name NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz,
    -- 'revoked': `invite revoke`; 'replaced': a new invitation replaced it.
    revoke_reason  text CHECK (revoke_reason IN ('revoked', 'replaced')),
    FOREIGN KEY (cycle, candidate) REFERENCES candidates (cycle, id),
    CONSTRAINT access_links_one_holder CHECK ((candidate IS NULL) <> (org IS NULL)),
    CONSTRAINT access_links_revoked CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
);
CREATE UNIQUE INDEX access_links_candidate_name ON access_links (cycle, candidate, name) WHERE candidate IS NOT NULL;
CREATE UNIQUE INDEX access_links_org_name ON access_links (cycle, org, name) WHERE org IS NOT NULL;

-- One browser (device) that opened a link. The cookie holds the session id; the CSRF token of
-- its forms is derived from it.
CREATE TABLE web_sessions (
    id_sha256    hash256 PRIMARY KEY,
    link         bigint NOT NULL REFERENCES access_links (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_sessions_by_link ON web_sessions (link);

-- A candidate's saved, unsubmitted answers: {question id: stored answer text}. Only the
-- candidate's own pages read it; staff, scores and tallies read `answers`. Submitting deletes it.
CREATE TABLE answer_drafts (
    cycle      ident NOT NULL,
    candidate  ident NOT NULL,
    answers    jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
    saved_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cycle, candidate),
    FOREIGN KEY (cycle, candidate) REFERENCES candidates (cycle, id)
);
