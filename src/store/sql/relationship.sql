-- Relationships, their history, their agreement and their closing.

-- name: agreement_signed_both (relationship_id int) -> int
-- Whether both members have signed the agreement's current version.
SELECT 1 FROM agreements
WHERE relationship_id = $1 AND mentor_signed_at IS NOT NULL AND mentee_signed_at IS NOT NULL;
