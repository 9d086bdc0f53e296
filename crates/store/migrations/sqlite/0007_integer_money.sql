-- Money columns refuse anything but integers (issue 12, finding 6). SQLite stores a
-- value of any type in a BIGINT column, and an addition past the 64-bit limit becomes a
-- REAL: a deposit of 92233720368547758.07 once committed such a balance, and that
-- organisation's balance and `ledger check` failed from then on. A CHECK constraint
-- would need every table rebuilt (SQLite cannot add one to an existing table) and STRICT
-- likewise; these triggers refuse the write instead, so the transaction rolls back.
-- PostgreSQL never stores a fraction in a BIGINT (it refuses overflow and rounds a
-- numeric on assignment), so its 0007 changes nothing. Amounts are also bounded when
-- parsed (`max_amount`), so this is the last line, not the first.

CREATE TRIGGER ledger_accounts_balance_integer_on_insert BEFORE INSERT ON ledger_accounts
WHEN typeof(NEW.balance) <> 'integer'
BEGIN
    SELECT RAISE(ABORT, 'ledger_accounts.balance must be an integer number of minor units');
END;

CREATE TRIGGER ledger_accounts_balance_integer_on_update BEFORE UPDATE OF balance ON ledger_accounts
WHEN typeof(NEW.balance) <> 'integer'
BEGIN
    SELECT RAISE(ABORT, 'ledger_accounts.balance must be an integer number of minor units');
END;

CREATE TRIGGER ledger_entries_amount_integer_on_insert BEFORE INSERT ON ledger_entries
WHEN typeof(NEW.amount) <> 'integer'
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries.amount must be an integer number of minor units');
END;

CREATE TRIGGER ledger_entries_amount_integer_on_update BEFORE UPDATE OF amount ON ledger_entries
WHEN typeof(NEW.amount) <> 'integer'
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries.amount must be an integer number of minor units');
END;

CREATE TRIGGER payouts_amount_integer_on_insert BEFORE INSERT ON payouts
WHEN typeof(NEW.amount) <> 'integer'
BEGIN
    SELECT RAISE(ABORT, 'payouts.amount must be an integer number of minor units');
END;

CREATE TRIGGER payouts_amount_integer_on_update BEFORE UPDATE OF amount ON payouts
WHEN typeof(NEW.amount) <> 'integer'
BEGIN
    SELECT RAISE(ABORT, 'payouts.amount must be an integer number of minor units');
END;

CREATE TRIGGER projects_reward_integer_on_insert BEFORE INSERT ON projects
WHEN typeof(NEW.reward) NOT IN ('integer', 'null')
BEGIN
    SELECT RAISE(ABORT, 'projects.reward must be an integer number of minor units');
END;

CREATE TRIGGER projects_reward_integer_on_update BEFORE UPDATE OF reward ON projects
WHEN typeof(NEW.reward) NOT IN ('integer', 'null')
BEGIN
    SELECT RAISE(ABORT, 'projects.reward must be an integer number of minor units');
END;

CREATE TRIGGER projects_reserve_integer_on_insert BEFORE INSERT ON projects
WHEN typeof(NEW.reserve) <> 'integer'
BEGIN
    SELECT RAISE(ABORT, 'projects.reserve must be an integer number of minor units');
END;

CREATE TRIGGER projects_reserve_integer_on_update BEFORE UPDATE OF reserve ON projects
WHEN typeof(NEW.reserve) <> 'integer'
BEGIN
    SELECT RAISE(ABORT, 'projects.reserve must be an integer number of minor units');
END;

CREATE TRIGGER assignments_paid_reward_integer_on_insert BEFORE INSERT ON assignments
WHEN typeof(NEW.paid_reward) NOT IN ('integer', 'null')
BEGIN
    SELECT RAISE(ABORT, 'assignments.paid_reward must be an integer number of minor units');
END;

CREATE TRIGGER assignments_paid_reward_integer_on_update BEFORE UPDATE OF paid_reward ON assignments
WHEN typeof(NEW.paid_reward) NOT IN ('integer', 'null')
BEGIN
    SELECT RAISE(ABORT, 'assignments.paid_reward must be an integer number of minor units');
END;

CREATE TRIGGER assignments_topped_up_integer_on_insert BEFORE INSERT ON assignments
WHEN typeof(NEW.topped_up) <> 'integer'
BEGIN
    SELECT RAISE(ABORT, 'assignments.topped_up must be an integer number of minor units');
END;

CREATE TRIGGER assignments_topped_up_integer_on_update BEFORE UPDATE OF topped_up ON assignments
WHEN typeof(NEW.topped_up) <> 'integer'
BEGIN
    SELECT RAISE(ABORT, 'assignments.topped_up must be an integer number of minor units');
END;
