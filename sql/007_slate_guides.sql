-- 007_slate_guides: what the voter guide of a published slate version shows besides the slate
-- itself (issue 14), fixed when the version is published, so the guide of version N never
-- changes afterwards: the cycle file as it was (display texts in every language, questions and
-- options), the candidates' answers the guide shows (per `publish_answers`, the submitted ones at
-- publication time), and the public key of the key that signed the version (coalition.pub).
-- Append-only like `slates`. Versions published before this migration have no row: their guide
-- is shown from the slate alone, in the current cycle's languages, without answers.
CREATE TABLE slate_guides (
    cycle        ident NOT NULL,
    version      integer NOT NULL,
    public_key   text NOT NULL,            -- the coalition.pub file's text (signify format)
    cycle_yaml   text NOT NULL,            -- cycles.source_yaml at publication
    answers      bytea NOT NULL,           -- canonical JSON of GuideAnswers (EndorseCore)
    PRIMARY KEY (cycle, version),
    FOREIGN KEY (cycle, version) REFERENCES slates (cycle, version)
);
CREATE TRIGGER slate_guides_append_only BEFORE UPDATE OR DELETE ON slate_guides
    FOR EACH ROW EXECUTE FUNCTION endorse_refuse_change();
CREATE TRIGGER slate_guides_no_truncate BEFORE TRUNCATE ON slate_guides
    FOR EACH STATEMENT EXECUTE FUNCTION endorse_refuse_change();
