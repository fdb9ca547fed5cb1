-- 005_audit_hardening: the audit trail before sealing is append-only too.
--
-- Why: ballots leave their audit event in `audit_pending` (sql/002, sql/004) until the sealer
-- chains it into `audit_log`; until then the event could be changed or removed unnoticed. Now a
-- pending event can never be updated, and it can be deleted only once it has been sealed: the
-- sealer first records in `audit_head.sealed_seq` the last pending event it chained, then
-- deletes those rows. (A superuser can still bypass triggers; `audit verify` then finds a
-- ballot version without its event.)

ALTER TABLE audit_head ADD COLUMN sealed_seq bigint NOT NULL DEFAULT 0 CHECK (sealed_seq >= 0);

CREATE FUNCTION endorse_audit_pending_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND OLD.seq <= (SELECT sealed_seq FROM audit_head WHERE singleton) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_pending is append-only: % of an unsealed event refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$;
CREATE TRIGGER audit_pending_append_only BEFORE UPDATE OR DELETE ON audit_pending
    FOR EACH ROW EXECUTE FUNCTION endorse_audit_pending_guard();
CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
    FOR EACH STATEMENT EXECUTE FUNCTION endorse_refuse_change();
