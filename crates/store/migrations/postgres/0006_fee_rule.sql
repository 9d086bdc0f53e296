-- How a project is charged the platform fee (handprint_core::ledger::FeeRule), fixed
-- when it is first published. 'per_project': the fee rounded once over the project,
-- escrow holding each answer's fee rounded up. 'per_answer': the rule before this
-- release, each payment's fee rounded half up on its own and escrow holding exactly
-- that. Every project that holds escrow now was escrowed under 'per_answer' and keeps
-- it until it ends (its escrow account holds those amounts); every other project, and
-- every project published from now on, is 'per_project'.
ALTER TABLE projects ADD COLUMN fee_rule TEXT NOT NULL DEFAULT 'per_project';
-- Holding escrow: open (active or paused), or closed with answers still owed or a
-- reserve not yet released.
UPDATE projects SET fee_rule = 'per_answer'
 WHERE state IN ('active', 'paused') OR funded_slots > settled_slots OR reserve <> 0;
