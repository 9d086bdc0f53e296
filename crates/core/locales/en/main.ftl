# Handprint's pages in English. One message per line: `id = text`.
# Arguments look like { $name }; plurals use Fluent's select on { $count }.
lang-name = English

skip-to-content = Skip to content
nav-label = Main
nav-projects = Projects
nav-find-work = Find work
nav-my-work = My work
nav-keys = API keys
nav-sign-out = Sign out
lang-switch = Language

error-title-request = This request could not be done
error-title-forbidden = Not allowed
error-title-not-found = Not found
error-title-conflict = Not possible right now
error-title-internal = Something went wrong
error-status = Status { $status }
error-home = Back to the start
error-csrf = This form is out of date (it was opened in another session, or is a forged form). Go back, reload the page and send it again.
error-cross-site = Another website tried to send this form for you; it was refused.
error-internal = Something went wrong on our side. It has been logged; please try again.
error-no-page = There is no page at this address.
error-method = This address does not take that kind of request.
form-has-errors = Some fields need a change: see the messages below.

field-email = Email
field-password = Password
field-name = Your name
field-country = Country
field-organization = Organisation

signin-title = Sign in
signin-lead = Paid micro-tasks from requesters who say who they are and what the data is for.
signin-button = Sign in
signin-wrong = Wrong email or password.
signin-no-account = No account yet?
signin-forgot = Forgot your password?
signup-worker-link = Sign up to work
signup-requester-link = Sign up as a requester
signup-title = Create an account
signup-role = I want to
signup-role-worker = do tasks and get paid (worker)
signup-role-requester = post projects for my organisation (requester)
signup-password-hint = At least { $min } characters.
signup-country-hint = The country you live in.
signup-organization-hint = Requesters only: your projects are published under this name.
signup-button = Create my account
signup-have-account = Already have an account?
signup-not-possible = No account can be made with these details. If this email address is yours and already has an account, sign in with it; otherwise use another one.

work-title = Find work
work-filters = Filters
work-filter-language = Language
work-filter-any = Any
work-filter-end-use = End use
work-filter-min-pay = Minimum pay per hour ({ $currency })
work-filter-no-sensitive = Hide projects with sensitive content
work-filter-apply = Apply
work-empty = No project is open right now. Come back later.
work-empty-filtered = No open project matches these filters.
work-none-left = There is no task left for you in that project right now.
work-by = by { $org }
work-per-hour = per hour
work-reward-estimate = { $reward } per task · about { $estimate }
work-flagged = Used for: { $uses }
work-sensitive = May show: { $kinds }
work-purpose = Purpose and end uses
work-end-uses = End uses: { $uses }
work-language = Language: { $lang }
work-start = Start a task

task-instructions = Instructions
task-purpose = Purpose: { $purpose }
task-lease-left = { $count ->
    [one] This task is kept for you for about { $count } minute more.
   *[other] This task is kept for you for about { $count } minutes.
}
task-lease-grace = { $count ->
    [one] The time is up, but your answer is still accepted for { $count } minute.
   *[other] The time is up, but your answer is still accepted for { $count } minutes.
}
task-too-late = The time to answer this task has ended; it went back to the pool.
task-fix = Your answer was not accepted:
task-submit = Send answer
task-submit-stop = Send and stop
task-keyboard-hint = Keyboard: digit keys pick an option, Enter sends.
task-skip = Skip this task (free)
task-stop = Stop
task-report = Report a broken task
task-report-reason = What is wrong?
task-report-note = Details (optional)
task-report-send = Send report and skip
report-media-missing = The image or sound does not load
report-unclear = The task is unclear
report-wrong-language = Wrong language
report-offensive = Offensive content not declared
report-other = Something else
report-with-note = { $reason }: { $note }
task-queued = You are offline: your answer is saved on this device and will be sent when the connection comes back.
task-sending = Sending your answer…
task-sent = Answer sent.
task-image-alt = The item's image
task-choose-one = Choose one
task-choose-between = Choose between { $min } and { $max }
task-rate = Choose a point on the scale
task-your-answer = Your answer
boxes-help = Drag on the image to draw a box; drag a box to move it, its corner to resize it. Between { $min } and { $max } boxes.
boxes-new-label = Label for new boxes
boxes-label = Label of box
boxes-box = Box
boxes-delete = Delete
boxes-need-js = Drawing boxes needs JavaScript, which is turned off in this browser.

history-title = My work
history-today = Today
history-week = This week
history-answers = { $count ->
    [one] { $count } answer
   *[other] { $count } answers
}
history-note = Times are measured by the server from the moment a task is given to you until your answer arrives. Days and weeks are in UTC.
history-empty = No work yet.
history-project = Project
history-status = Status
history-when = When
history-answer = Answer
history-reward = Reward
history-time = Time
history-hourly = Per hour
state-leased = in progress
state-submitted = sent
state-returned = skipped
state-expired = time ran out

projects-title = Projects
projects-new = New project
projects-empty = No project yet: create the first one.
projects-project = Project
projects-status = Status
projects-progress = Progress
projects-reward = Reward
projects-hourly = Per hour
projects-updated = Updated
projects-answers-of = { $expected ->
    [one] { $answers } of { $expected } answer
   *[other] { $answers } of { $expected } answers
}
projects-items = { $count ->
    [one] { $count } item
   *[other] { $count } items
}
pstate-draft = Draft
pstate-active = Active
pstate-paused = Paused
pstate-completed = Completed
pstate-cancelled = Cancelled
action-publish = Publish
action-resume = Resume
action-pause = Pause
action-complete = Complete
action-cancel = Cancel project

edit-new-title = New project
edit-title = Edit project
edit-about = The project
edit-field-title = Title
edit-field-description = Short description
edit-field-instructions = Instructions for workers
edit-field-language = Language of the tasks
edit-language-hint = A language tag: en, fr, mg, es, hi…
edit-declarations = Declarations (shown to workers before they accept)
edit-field-purpose = Purpose
edit-purpose-hint = Who the data is for and why, in a sentence or more.
edit-field-end-uses = End uses
edit-field-sensitive = Sensitive content workers will see
edit-sensitive-retired = { $category } (no longer offered on this instance: no worker can opt in to it, so its items are not leased; untick it)
edit-pay = Pay
edit-field-reward = Reward per answer ({ $currency })
edit-field-estimate = Estimated seconds per answer
edit-implied-pay = Implied pay:
edit-floor = (floor: { $floor } { $currency } per hour)
edit-field-review-window = Review window (seconds)
edit-review-window-hint = Answers you have not reviewed by then are approved and paid: between 3600 (one hour) and 604800 (seven days).
edit-field-overlap = Answers per item
edit-field-lease = Seconds a worker may keep a task
edit-frozen = The template, the reward and the answers per item cannot change once a project is published.
edit-template = What a task looks like
edit-field-kind = Kind of task
edit-field-question = Question
edit-field-options = Options
edit-options-hint = One per line. "value | Label", or just the label.
edit-field-min-selected = At least
edit-field-max-selected = At most
edit-field-media = Media to show
edit-media-none = None
edit-media-audio = Audio (transcription)
edit-media-image = Image
edit-field-media-field = Item field holding the media address
edit-field-max-length = Longest answer (characters)
edit-field-multiline = Answers may have several lines
edit-field-rating-min = Lowest point
edit-field-rating-max = Highest point
edit-field-rating-labels = Labels of some points
edit-rating-labels-hint = One per line: "1 = Bad".
edit-field-image-field = Item field holding the image address
edit-field-box-labels = Box labels (one per line)
edit-field-min-boxes = At least (boxes)
edit-field-max-boxes = At most (boxes)
edit-save = Save
edit-cancel = Cancel
edit-preview = Preview
edit-preview-hint = The task as a worker will see it, with your first item when there is one.
preview-no-kind = Choose a kind of task to see a preview.
kind-single_choice = Single choice
kind-multi_choice = Multiple choice
kind-text = Free text or transcription
kind-rating = Rating scale
kind-bounding_boxes = Bounding boxes
kind-form = Form

enduse-search = Search
enduse-content-moderation = Content moderation
enduse-autonomous-driving = Autonomous driving
enduse-medical = Medical
enduse-biometric-identification = Biometric identification
enduse-surveillance = Surveillance
enduse-military = Military
enduse-research = Research
enduse-language-models = Language models
enduse-accessibility = Accessibility
enduse-other = Other
sensitive-violence = Violence
sensitive-sexual = Sexual content
sensitive-hate = Hate
sensitive-self-harm = Self-harm
sensitive-none = None

project-fix = Change the project
project-edit = Edit
project-browse = Browse answers
project-declarations = Declarations and terms
upload-title = Upload items
upload-file = CSV, JSONL or JSON file
upload-hint = A header line for CSV. external_id and known_answer are reserved; rows already uploaded (same external_id) are skipped.
upload-button = Upload
upload-unreadable = The file could not be read; try again.
upload-empty = Choose a file to upload.
upload-result = { $created ->
    [one] { $created } item added
   *[other] { $created } items added
}, { $skipped } already there
upload-errors = { $count ->
    [one] { $count } line refused
   *[other] { $count } lines refused
}
upload-line = Line { $line }:

monitor-title = Monitor
monitor-complete = complete
monitor-workers = workers
monitor-live = tasks in progress
monitor-last-hour = answers in the last hour
monitor-median-vs = median measured time (estimate { $estimate })
monitor-measured-hourly = per hour at the median measured time
monitor-agreement = { $count ->
    [one] agreement between workers ({ $count } item)
   *[other] agreement between workers ({ $count } items)
}
monitor-rate = Answers per hour, last 24 hours
monitor-rate-summary = { $count ->
    [one] { $count } answer in the last 24 hours
   *[other] { $count } answers in the last 24 hours
}
monitor-24h-ago = 24 h ago
monitor-now = now
monitor-times = Measured time per answer
monitor-time-summary = Median measured time { $median }, estimate { $estimate }
monitor-median-short = median
monitor-estimate-short = estimate
monitor-reports = { $count ->
    [one] { $count } report of a broken task
   *[other] { $count } reports of broken tasks
}
download-title = Download results
download-answers-csv = Every answer (CSV)
download-labels-csv = Aggregated labels (CSV)

answers-title = Answers
answers-method = Aggregated with { $method }.
answers-empty = No items yet.
answers-item = Item { $id }
answers-label = Label:
answers-known = Known answer: { $answer }
answers-none-yet = No answer yet.
answers-worker = Worker
answers-next = Next items →

keys-title = API keys
keys-lead = For scripts and the command line: send a key as "Authorization: Bearer …".
keys-shown-once = Copy this key now: it is shown only once.
keys-label = Name
keys-create = Create a key
keys-prefix = Key
keys-created = Created
keys-status = Status
keys-revoke = Revoke
keys-revoked = revoked { $when }
account-security = Password and sessions
account-current-password = Current password
account-new-password = New password (at least 10 characters)
account-change-password = Change my password
account-password-changed = { $count ->
    [one] Your password is changed; { $count } other session was signed out.
   *[other] Your password is changed; { $count } other sessions were signed out.
}
account-signout-everywhere-lead = Signs out every browser where this account is signed in, this one included. API keys keep working: revoke them above.
account-signout-everywhere = Sign out everywhere
keys-expires = Ends
keys-never = never (made before keys had an end)
keys-password = Your password (a new key acts as you, so it is asked again)
keys-password-wrong = This is not your password: no key was made.

# Money pages
nav-earnings = Earnings
nav-funds = Funds
nav-disputes = Disputes
nav-operator = Deposits & ledger
nav-payouts = Payouts

history-review = Review
review-pending = Pending review
review-approved = Approved
review-rejected = Rejected
review-disputed = Disputed
review-reversed = Rejection taken back
review-overturned = Overturned: paid
review-upheld = Rejection upheld
review-rejected-final = Rejected (final)
review-auto-by = approved automatically on { $when } unless reviewed
review-reason = Reason:
reason-instructions_not_followed = did not follow a clearly stated instruction
reason-failed_control_items = failed control items with known answers
reason-empty_or_nonsensical = empty or nonsensical answer
reason-duplicate_answer = duplicate of another answer
dispute-decision = Decision:
dispute-open = Dispute this rejection (until { $when })
dispute-message = Why the rejection is wrong
dispute-hint = The requester can take the rejection back; otherwise an operator decides within 7 days, with your message and theirs. Undecided disputes are paid.
dispute-button = Send the dispute
dispute-sent = Your dispute was sent. You will see the decision here.

earnings-title = Earnings
earnings-available = Available
earnings-available-hint = Yours to pay out. Balances never expire.
earnings-pending = Pending payout
earnings-pending-hint = Asked for, not yet sent by an operator.
earnings-paid-out = Paid out
earnings-earned = Earned in all: { $amount }
earnings-under-review = under review: { $amount }
earnings-approved = { $count ->
    [one] { $count } approved answer
   *[other] { $count } approved answers
}
earnings-rejections = { $count ->
    [one] { $count } rejection on your record
   *[other] { $count } rejections on your record
}
earnings-rejections-open = { $count ->
    [one] { $count } rejection still open to dispute (not counted)
   *[other] { $count } rejections still open to dispute (not counted)
}
payout-title = Ask for a payout
payout-hint = Payouts start at { $threshold } { $currency }; an operator sends the money and marks it paid.
payout-under = Payouts start at { $threshold } { $currency }; you have { $available } { $currency }. Ask again when your balance reaches it: balances never expire.
payout-amount = Amount ({ $currency })
payout-destination = Where to send it
payout-button = Ask for the payout
payout-list = Your payouts
payout-asked-already = This payout had already been asked for from this form: nothing more was taken from your balance.
payout-asked = Payout asked for: it is pending until an operator sends it.
payout-requested = requested
payout-paid = paid
payout-failed = failed
payout-done-paid = Marked as paid.
payout-done-failed = Marked as failed: the money is available to the worker again.

statement-title = Statement
statement-empty = No money has moved yet.
statement-what = What
statement-origin = From
statement-account = Balance
statement-amount = Amount
statement-memo = Note
statement-csv = Download the statement (CSV)
line-deposit = deposit
line-escrow = escrowed for a project
line-release = released from escrow
line-rejection-settled = rejected answer settled
line-approval = approved answer
line-topup = top-up to the pay floor
line-bonus = bonus
line-payout-requested = payout asked for
line-payout-paid = payout sent
line-payout-failed = payout failed
account-available = available
account-escrow = escrow
account-pending-payout = pending payout
account-paid-out = paid out
account-platform-fees = platform fees
account-external-deposits = external deposits
account-unknown = other

review-title = Review answers
review-lead = Approve to pay at once. Reject only for one of the listed reasons, with a message the worker can act on; an answer that agrees with the item's aggregated label cannot be rejected. Unreviewed answers are approved when the review window ends.
notices-title = Notices about this project
review-show-pending = Awaiting review
review-show-all = All answers
review-empty = No answer waits for review.
review-bulk-title = Several at once
review-bulk-hint = Tick answers below, choose an action, and apply it to every ticked answer.
review-action = Action
review-approve = Approve
review-reject = Reject
review-bonus = Bonus
review-bulk-details = Reason and message (reject), amount and message (bonus)
review-message = Message to the worker (at least 50 characters)
review-message-hint = Say what was wrong and where, so the worker can do better next time.
review-bonus-amount = Bonus ({ $currency }, the platform fee is added on top)
review-bonus-message = Message with the bonus
review-bulk-go = Apply to the ticked answers
review-pick-some = Tick at least one answer first.
review-done = { $count ->
    [one] Done for { $count } answer.
   *[other] Done for { $count } answers.
}
review-bonus-already = { $count ->
    [one] The bonus on { $count } answer had already been paid from this form: nothing was paid again.
   *[other] The bonuses on { $count } answers had already been paid from this form: nothing was paid again.
}
rstate-pending = pending
rstate-approved = approved
rstate-rejected = rejected (disputable)
rstate-rejection-final = rejected (final)
rstate-overturned = rejection overturned
project-review = Review answers

disputes-title = Disputes
disputes-lead-operator = Disputes awaiting a decision: read both sides and the answer, then overturn (the worker is paid in full) or uphold (the rejection is final). Undecided disputes are overturned after 7 days.
disputes-lead-requester = Workers disputing a rejection on your projects. Reverse it to pay the answer in full; otherwise an operator decides.
disputes-empty = No dispute here.
dispute-opened = opened { $when }
dispute-decide-by = decided by { $when } at the latest
dispute-answer = Answer:
dispute-requester-side = The requester
dispute-worker-side = The worker
dispute-operator-message = Your reasoning (shown to both sides)
dispute-overturn = Overturn: pay the worker
dispute-uphold = Uphold the rejection
dispute-reverse-message = A word to the worker (optional)
dispute-reverse = Reverse the rejection
dispute-done-reversed = Rejection reversed: the answer is paid.
dispute-done-overturned = Overturned: the worker is paid in full.
dispute-done-upheld = Upheld: the rejection is final.
dstate-open = open
dstate-overturned = overturned
dstate-upheld = upheld
dstate-reversed = reversed by the requester

funds-title = Funds
funds-available = Available
funds-available-hint = Not committed to any project.
funds-escrow = In escrow
funds-escrow-hint = Held for open work: rewards, fees and the top-up reserve.
funds-deposits = Deposits
funds-spend = Paid to workers
funds-fees = Platform fees ({ $percent } %)
funds-deposit-title = Adding money
funds-deposit-how = Send a bank or mobile-money transfer quoting this organisation id; an operator records it and it appears here.
funds-escrow-per-project = Escrow per project

operator-title = Deposits and ledger
ledger-title = Ledger check
ledger-ok = The ledger balances: { $accounts ->
    [one] { $accounts } account
   *[other] { $accounts } accounts
}, { $transfers ->
    [one] { $transfers } transfer
   *[other] { $transfers } transfers
}.
ledger-problems = { $count ->
    [one] { $count } problem in the ledger:
   *[other] { $count } problems in the ledger:
}
deposit-title = Record a deposit
deposit-hint = Money a requester organisation sent. The same reference twice is one deposit.
deposit-organization = Organisation
deposit-reference = Transfer reference
deposit-button = Record the deposit
deposit-recorded = Recorded { $amount }; the organisation now has { $available } available.
deposit-repeated = This reference was already recorded ({ $amount }): nothing changed. Available: { $available }.
platform-title = Platform totals
pkind-org-available = Organisations, available
pkind-escrow = Escrow
pkind-worker-available = Workers, available
pkind-worker-pending = Workers, pending payout
pkind-paid-out = Paid out to workers
pkind-platform-fees = Platform fees
pkind-external-deposits = Money received from outside (bank and mobile-money deposits)
pkind-external-deposits-hint = Below zero on purpose: each deposit is taken from this account and added to an organisation's balance, so that all the balances add up to zero. Without its minus sign, it is the money that came in.
payouts-title = Payouts
payouts-csv = Download the batch (CSV)
payouts-empty = No payout in this state.
payouts-reference = Reference of the transfer sent
payouts-mark-paid = Mark paid
payouts-mark-failed = Mark failed
payouts-failed-reason = Why it failed (the worker reads it)
# Domain messages by code (FieldProblem / AnswerError `code`), with their named arguments.
problem-too-long = must be at most { $max } characters
problem-title-missing = a project needs a title
problem-title-empty = must not be empty
problem-purpose-short = the purpose must be at least a sentence saying who the data is for and why (20 characters, 4 words or more)
problem-end-use-unknown = "{ $item }" is not a known end use; choose from: { $choices }
problem-sensitive-unknown = "{ $item }" is not a known category; choose from: { $choices }
problem-sensitive-name = "{ $item }" is not a category name: lower-case letters and digits, words joined by "-" (e.g. "animal-cruelty"), or "none"
problem-sensitive-none-combined = "none" cannot be combined with other categories
problem-reward-zero = the reward must be more than zero
problem-estimate-range = must be between 1 and 86400 seconds
problem-answers-range = must be between 1 and { $max }
problem-lease-range = must be between 30 and 86400 seconds
problem-language-tag = must be a language tag such as "en", "fr" or "mg"
problem-review-window = must be between { $min } (one hour) and { $max } (seven days) seconds
problem-instructions-missing = workers need instructions: say what a good answer is
problem-template-missing = choose a template: what a task shows and what an answer is
problem-purpose-missing = declare the purpose: who the data is for and why
problem-end-uses-missing = declare at least one end use of the data
problem-sensitive-missing = declare the sensitive content workers will see, or ["none"]
problem-reward-missing = set the reward per answer
problem-estimate-missing = estimate how many seconds one answer takes
problem-pay-floor = a reward of { $reward } for { $seconds } seconds pays { $rate } per hour, under this instance's floor of { $floor } per hour: raise the reward to at least { $needed }
answer-unknown-key = unknown key "{ $key }"; send the chosen value as a string or as { "{" }"value": …{ "}" }
answer-value-not-string = the chosen value must be a string, not { json-type }
answer-value-missing = the chosen value is missing
answer-not-one-option = the answer must be one option value as a string ({ $choices }), not { json-type }
answer-not-option-list = the answer must be an array of option values ({ $choices }), not { json-type }
answer-item-not-string = each selected value must be a string, not { json-type }
answer-selected-twice = "{ $value }" is selected twice
answer-select-at-least = select at least { $min } of the options (got { $count })
answer-select-at-most = select at most { $max } of the options (got { $count })
answer-not-an-option = "{ $value }" is not one of the options; choose from { $choices }
answer-rating-not-number = the rating must be a number from { $min } to { $max }, not { json-type }
answer-rating-not-whole = the rating must be a whole number (got { $value })
answer-rating-range = the rating must be from { $min } to { $max } (got { $value })
answer-not-text = the answer must be a string of text, not { json-type }
answer-text-empty = the answer is empty; write some text
answer-text-too-long = the text is { $length } characters long; shorten it to at most { $max }
answer-text-one-line = the text must be a single line; remove the line breaks
err-reject-reason-missing = a rejection needs a reason: choose one
    .api = a rejection needs a reason, one of: { $all }
refusal-insufficient-funds = This needs { $missing } more than the organisation's available balance holds; an operator records a deposit, then try again.
    .api = { $doing } needs { $missing } { $currency } more than the organisation's available balance holds; an operator records a deposit (POST /api/v1/operator/deposits), then try again
    .api-minor-units = the balance is { $missing } minor units short
answer-form-not-object = the answer must be an object with the form's fields ({ $fields }), not { json-type }
answer-form-unknown-field = unknown field "{ $field }"; this form has: { $fields }
answer-form-required = "{ $label }" is required
answer-form-not-text = "{ $label }" must be text, not { json-type }
answer-form-not-number = "{ $label }" must be a number (got { $value })
answer-form-not-whole = "{ $label }" must be a whole number (got { $value })
answer-form-at-least = "{ $label }" must be at least { $min } (got { $value })
answer-form-at-most = "{ $label }" must be at most { $max } (got { $value })
answer-form-not-option = "{ $label }" must be one option value as a string, not { json-type }
answer-boxes-at-least = draw at least { $min } boxes (got { $count })
answer-boxes-at-most = draw at most { $max } boxes (got { $count })
answer-box-coordinate-missing = the box { $what } "{ $key }" is missing
answer-box-coordinate-not-number = box { $what } must be a number, not { json-type }
answer-box-coordinate-positive = box { $what } must be greater than 0 (got { $value })
answer-box-coordinate-negative = box { $what } must be 0 or more (got { $value })
answer-box-past-right = the box goes past the right edge of the image (x + w = { $right }, image width { $width })
answer-box-past-bottom = the box goes past the bottom edge of the image (y + h = { $bottom }, image height { $height })
answer-box-label-unknown = "{ $label }" is not one of the labels; use { $labels }
answer-box-label-missing = the box label is missing
err-reject-message-short = write at least { $min } characters the worker can act on (got { $count }): say what was wrong and where
err-reject-message-long = must be at most { $max } characters

# Refusals of the API and the store (AppError / StoreError messages by code).
err-invalid-field = the request has an invalid field
err-json-fields = the JSON body does not have the expected fields: { $why }
err-json-syntax = the body is not valid JSON: { $why }
err-json-content-type = send the body as JSON with the header Content-Type: application/json
err-not-offered = { $param } "{ $value }" is not offered: use { $choices }
err-not-found = not found
    .api = { $what } not found
err-not-found-project = This project does not exist, or it is not yours to see.
    .api = project not found
err-not-found-assignment = This task does not exist, or it is not yours.
    .api = assignment not found
err-not-found-task = This item does not exist.
    .api = task not found
err-not-found-payout = This payout does not exist.
    .api = payout not found
err-not-found-user = This account does not exist.
    .api = user not found
err-not-found-organization = This organisation does not exist.
    .api = organization not found
err-not-found-dispute = This dispute does not exist, or it is not yours to see.
    .api = dispute not found
err-duplicate = { $field } is already taken
err-transfer-refused = refused transfer: { $why }
err-api-nothing-here = there is nothing at { $path }; the API is described at /api/openapi.json
err-method-not-allowed = { $method } is not allowed on { $path }
err-requesters-only = only requester accounts (members of an organisation) can do this
err-role-needed = this needs a { $needed } account; you are signed in as a { $role }
err-auth-missing = send an API key as 'Authorization: Bearer <key>' (create one with POST /api/v1/api-keys)
err-auth-unreadable = the Authorization header is not readable text
err-auth-key-unknown = this API key is unknown or revoked
err-password-current-wrong = this is not the account's current password
err-auth-key-expired = this API key expired on { $when }; create a new one with POST /api/v1/api-keys
err-key-days = a key lasts 1 to { $max } days, not { $days }: give expires_in_days in that range, or leave it out for the instance's default
err-auth-scheme = use 'Authorization: Bearer <key>'
err-auth-basic-needed = send your email and password with HTTP Basic authentication
err-auth-basic-base64 = the Basic credentials are not valid base64 of 'email:password'
err-auth-basic-form = the Basic credentials must be 'email:password'
err-auth-wrong = wrong email or password
err-auth-basic-here = HTTP Basic (email and password) is accepted only by POST /api/v1/api-keys: create a key there, then send it as 'Authorization: Bearer <key>'
err-signin-throttled = { $count ->
    [one] too many failed sign-ins; try again in { $count } second
   *[other] too many failed sign-ins; try again in { $count } seconds
}
err-signin-busy = the server is checking too many passwords at once; try again in a few seconds
err-signup-invalid = the sign-up form has invalid fields
err-signup-email-taken = an account with the email { $email } already exists; sign in instead
    .api = an account with the email { $email } already exists
err-key-request = the body is not a valid key request: { $why }
err-key-not-found = no live API key with this id belongs to you
err-work-request = the body is not a valid request for work: { $why }
err-answer-does-not-fit = the answer does not fit the task
err-idempotency-key-reused = the idempotency key "{ $key }" was already used for a different movement of money; nothing was moved
err-idempotency-key-length = must be 1 to 200 characters
    .api = must be at most 200 characters
err-submit-different-answer = this task was already sent with a different answer; an answer cannot be changed once sent
    .api = this assignment was already submitted with a different answer; an answer cannot be changed once sent
err-submit-returned = you gave this task back, so it can no longer be sent
    .api = you returned this task, so it can no longer be submitted
err-submit-too-late = the time for this task ended at { $ended } and the grace period for late answers at { $closed }; it can no longer be sent
    .api = the lease ended at { $ended } and the grace period for late submissions at { $closed }; this task can no longer be submitted
err-return-submitted = this task was already sent; it cannot be given back
    .api = this task was already submitted; it cannot be returned
err-project-invalid = the project has invalid fields
err-project-active-incomplete = an active project must keep its declarations complete
err-project-publish-problems = the project cannot be published until these are fixed
err-project-changed = the project changed state meanwhile; reload it and try again
    .api = the project changed state while it was being edited; reload it and try again
err-project-not-editable = { $state ->
    [active] an active
   *[other] a { $state }
} project can no longer be edited
err-project-frozen = { $fields } cannot change once a project is published (workers accepted its tasks on those terms); create a new project instead
err-project-transition = { $state ->
    [active] an active
   *[other] a { $state }
} project cannot be { $action }
err-tasks-state = { $state ->
    [active] an active
   *[other] a { $state }
} project does not take new items
    .api = { $state ->
        [active] an active
       *[other] a { $state }
    } project does not take new tasks
err-upload-unreadable = the upload could not be read after { $stored ->
    [one] { $stored } stored row
   *[other] { $stored } stored rows
}: { $why }
    .api = the upload could not be read after { $stored } stored rows: { $why }
err-upload-too-large = the upload is larger than this instance accepts ({ $max } bytes); { $stored ->
    [one] { $stored } row was
   *[other] { $stored } rows were
} stored before the limit — split the file and send the rest (rows with an external_id are skipped if sent again)
    .api = the upload is larger than this instance accepts ({ $max } bytes); { $stored } rows were stored before the limit — split the file and send the rest (rows with an external_id are skipped if sent again)
err-upload-unfunded = { $stored ->
    [one] { $stored } item was
   *[other] { $stored } items were
} stored and escrowed; { $next ->
    [one] the next { $next } item needs
   *[other] the next { $next } need
} more escrow than the organisation's available balance holds (an operator records a deposit), then upload again: stored items are skipped
    .api = { $stored } items were stored and escrowed; the next { $next } need more escrow than the organisation's available balance holds (an operator records a deposit), then upload again: stored items are skipped
err-labels-no-template = the project has no template yet, so it has no answers to aggregate
err-labels-form = form answers have several fields and are not aggregated; download the answers instead
err-labels-wrong-method = "{ $method }" does not apply to { $kind } answers; use { $offered }
err-labels-unknown-method = "{ $method }" is not a method for { $kind } answers: use { $offered }
err-labels-gold = the control items cannot be used: { $why }
    .api = { $why }
err-labels-gold-mv = gold-mv needs control items (items uploaded with a known_answer) that workers have answered
    .api = gold-mv needs control items (tasks uploaded with a known_answer) that workers have answered
err-labels-failed = aggregation with { $method } failed: { $why }
err-reject-incomplete = the rejection is incomplete
err-reject-agrees = this answer agrees with the item's aggregated label (majority vote of its answers), so it cannot be rejected
problem-reject-reason-unknown = "{ $reason }" is not a rejection reason; choose one of: { $all }
problem-note-empty = must not be empty
err-review-not-submitted = this task is { $state }, not sent: there is no answer to review
    .api = this assignment is { $state }, not submitted: there is no answer to review
err-answer-already = this answer is already { $state ->
    [rejection_final] finally rejected
   *[other] { $state }
}
    .api = this answer is already { $state ->
        [rejection_final] rejection final
       *[other] { $state }
    }
err-answer-not-rejected = this answer has not been rejected
    .api = this answer is not in a rejected state
err-answer-already-paid = this answer was already paid
err-bonus-not-submitted = a bonus goes with a submitted answer
err-report-reason = "{ $value }" is not a reason a task can be reported for: use one of { $choices }
err-report-note-long = the note is { $length } characters long; shorten it to at most { $max }
err-signup-organization-taken = an organisation named "{ $name }" (or so like it that people would mistake one for the other: the same letters up to case, width and spacing) already exists: choose a name of your own
problem-name-invisible = must not contain invisible or direction-changing characters (found { $code }): type the name as plain text
err-bonus-over-cap = an answer may receive at most { $cap } in bonuses altogether (the instance's max_bonus_per_answer); this one has received { $paid }, so at most { $left } more can be paid
err-draft-quota-items = your organisation's unpublished projects may hold at most { $limit } items together (the instance's max_draft_items_per_org); they hold { $used }, and the next batch of this upload would add { $adding }, so it was not stored (batches before it were). Publish a draft to make room (items of published projects are paid for and no longer count), then send the same upload again: items already stored are skipped
err-draft-quota-bytes = your organisation's unpublished projects may hold at most { $limit } bytes of item data together (the instance's max_draft_mb_per_org); they hold { $used }, and the next batch of this upload would add { $adding }, so it was not stored (batches before it were). Publish a draft to make room (items of published projects are paid for and no longer count), then send the same upload again: items already stored are skipped
err-review-filter = review="{ $value }" is not offered: use pending or all
err-review-too-many = review at most { $max } answers per request
err-dispute-exists = this rejection is already disputed
err-dispute-not-rejected = only a rejected answer can be disputed
err-dispute-window-closed = the dispute window of this rejection has closed
err-dispute-already = this dispute is already { $state }
err-dispute-decision = "{ $value }" is not a decision: use overturn or uphold
err-operator-statement = operators read the platform's balances at GET /api/v1/balance
err-amount-not-positive = must be more than zero
err-deposit-not-positive = a deposit must be more than zero
err-deposit-reference-used = the reference "{ $reference }" was already recorded for a deposit of { $stored }; use the bank's reference of this transfer
    .api-minor-units = the reference "{ $reference }" was already recorded for a deposit of { $stored } minor units; use the bank's reference of this transfer
err-no-such-organization = there is no organisation { $id }
err-demo-not-demo-data = this database holds { $count } accounts that are not the demo's: --demo only runs on a database of its own (the default for --demo is ./handprint-demo-data; give another with --data-dir), never on a real instance's
err-reference-missing = give the transfer's reference
err-reference-long = the transfer's reference must be at most { $max } characters of plain text
err-destination-missing = give the destination (e.g. "M-Pesa +254 7xx xxx xxx" or an IBAN)
err-destination-long = the destination must be at most { $max } characters of plain text
    .api = the destination (e.g. "M-Pesa +254 7xx xxx xxx" or an IBAN) must be at most { $max } characters of plain text
err-payout-under-threshold = payouts start at { $threshold }: ask again when your balance reaches it (balances never expire)
err-payout-over-balance = your available balance is { $balance }
err-payout-already = this payout is already { $state }

# Import report: why a line of an upload was refused.
problem-import-read = reading failed: { $why }
problem-import-line-long = the row is longer than { $max } KiB
problem-import-row-large = the row is larger than { $max } KiB
problem-import-json = invalid JSON: { $why } at { $at }
problem-import-array-empty = the file is empty; expected a JSON array of rows like [{"{"}"text": "…"{"}"}]
problem-import-array-start = expected a JSON array of rows starting with '[' (found { $found })
problem-import-array-open = unexpected end of file: the JSON array is not closed
problem-import-array-comma = unexpected ',': there is no element before it
problem-import-array-missing-comma = missing ',' between this element and the one before
problem-import-array-after = unexpected { $found } after the closing ']' of the array
problem-import-row-not-object = a row must be a JSON object like {"{"}"text": "…"{"}"}, not { $found }
problem-import-beside-data = a row with a "data" object may only have external_id and known_answer beside it (found "{ $key }"); move "{ $key }" into "data"
problem-import-id-type = external_id must be a string or a whole number, not { $found }
problem-import-id-empty = external_id is empty; leave the key out or give an id
problem-import-id-long = external_id is { $count } characters long; the limit is { $max }
problem-import-no-data = the row has no data fields
problem-import-data-large = the row's data is { $size } KiB as JSON; the limit is { $max } KiB
problem-import-header = the header line is invalid: { $problems }
problem-import-header-large = the header line is larger than { $max } KiB
problem-import-header-utf8 = the name of column { $column } is not valid UTF-8
problem-import-header-unnamed = column { $column } has no name
problem-import-header-twice = "{ $name }" names both column { $first } and column { $column }
problem-import-header-no-data = the header has no data columns besides external_id and known_answer
problem-import-cells = expected { $expected } cells, as in the header, but got { $count }
problem-import-cell-utf8 = cell { $cell } (column "{ $name }") is not valid UTF-8
problem-import-known-answer = known_answer{ $path }: { $problems }

# Notices the platform leaves for a requester (pay floor).
notice-pay-floor-topup = Pay raised to the floor: approved answers took a median of { $seconds } s, so a reward of { $reward } pays { $rate } per hour, under the floor of { $floor }. { $answers ->
    [one] { $answers } answer was
   *[other] { $answers } answers were
} topped up by { $paid } in all (plus fees), paid from escrow.
    .api = Pay raised to the floor: approved answers took a median of { $seconds } s, so a reward of { $reward } pays { $rate } per hour, under the floor of { $floor }. { $answers } answers were topped up by { $paid } in all (plus fees), paid from escrow.
notice-reward-raised = The reward for the remaining work is raised from { $reward } to { $raised_to }.
notice-paused-for-pay-floor = Paused: approved answers took a median of { $seconds } s, so a reward of { $reward } pays { $rate } per hour, under the floor of { $floor }. Topping up paid answers and raising the reward to { $target } needs { $missing } more than the escrow and your available balance hold; deposit it, then resume the project.

# Core: template definitions, amounts, sign-up fields and the shape of answers (codes from crates/core).
json-type = { $type ->
    [boolean] a boolean
    [number] a number
    [string] a string
    [array] an array
    [object] an object
   *[null] null
}
json-value = { $value }
template-what = { $what ->
    [template] a { $name } template
    [option] an option
    [media] "media"
    [field] a { $name } field
    [form-field] a form field
    [label] a label
   *[key] "{ $name }"
}
problem-template-not-object = a template must be a JSON object with a "kind" ({ $kinds }), not { json-type }
problem-template-kind-missing = "kind" is missing; use one of: { $kinds }
problem-template-kind-unknown = unknown template kind "{ $kind }"; use one of: { $kinds }
problem-template-kind-not-string = "kind" must be a string, one of: { $kinds } (got { json-type })
problem-template-not-an-object = { template-what } must be a JSON object, not { json-type }
problem-template-unknown-key = unknown key "{ $key }"; { template-what } accepts: { $keys }
problem-template-unknown-key-near = unknown key "{ $key }" (did you mean "{ $near }"?); { template-what } accepts: { $keys }
problem-template-key-required = "{ $key }" is required
problem-template-field-name = "{ $value }" is not a valid field name; use letters, digits and '_', not starting with a digit
problem-template-count-range = "{ $key }" must be between { $min } and { $max } (got { $value })
problem-template-not-a-number = "{ $key }" must be a number, not { json-type }
problem-template-not-a-flag = "{ $key }" must be true or false, not { json-type }
problem-template-not-a-string = { template-what } must be a string, not { json-type }
problem-template-empty = { template-what } must not be empty
problem-template-too-long = { template-what } is { $length } characters long; shorten it to at most { $max }
problem-template-not-whole = "{ $key }" must be a whole number, not { $value }
problem-template-min-over-max = "{ $min_key }" ({ $min }) must not be greater than "{ $max_key }" ({ $max })
problem-template-labels-not-array = "labels" must be an array of strings, not { json-type }
problem-template-labels-required = "labels" is required: a list like ["car", "person"]
problem-template-labels-count = give between 1 and { $max } labels (got { $count })
problem-template-label-twice = "{ $label }" is listed twice; labels must be unique
problem-template-max-not-over-min = "max" ({ $max }) must be greater than "min" ({ $min })
problem-template-scale-too-long = the scale may span at most { $steps } steps (got { $min } to { $max })
problem-template-label-off-scale = { $point } is not on the scale from { $min } to { $max }
problem-template-label-key = label keys are points of the scale written as whole numbers, like "1" (got "{ $key }")
problem-template-rating-labels-not-object = "labels" must be an object like { "{" }"1": "Bad"{ "}" }, not { json-type }
problem-template-media-type-missing = the media "type" must be "audio" or "image" (got nothing)
problem-template-media-type = the media "type" must be "audio" or "image" (got { $value })
problem-template-options-required = "{ $key }" is required: a list like [{ "{" }"value": "yes", "label": "Yes"{ "}" }, …]
problem-template-options-not-array = "{ $key }" must be an array of options, not { json-type }
problem-template-options-count = give between { $min } and { $max } options (got { $count })
problem-template-option-separator = "{ $value }" contains '|', which joins multi_choice values into one label; use another character
problem-template-option-twice = "{ $value }" is already the value of option { $first }; option values must be unique
problem-template-fields-not-array = "fields" must be an array of fields, not { json-type }
problem-template-fields-required = "fields" is required: a list like [{ "{" }"name": "title", "label": "Title", "type": "text"{ "}" }]
problem-template-fields-count = give between 1 and { $max } fields (got { $count })
problem-template-field-twice = "{ $value }" is already the name of field { $first }; field names must be unique
problem-template-field-type-missing = a form field needs a "type": "text", "number" or "choice" (it is missing)
problem-template-field-type = a form field needs a "type": "text", "number" or "choice" (got { $value })
problem-money-not-decimal = "{ $value }" is not a decimal amount: write it like "0.25"
problem-money-too-precise = "{ $value }" has more than { $digits } decimal places, the precision of { $currency }
problem-money-negative = "{ $value }" must not be negative
problem-money-too-large = "{ $value }" is more than the largest amount accepted, { $max } { $currency }
problem-email-required = email is required
problem-email-too-long = email must be at most { $max } characters
problem-email-no-at = "{ $value }" is not an email address: it has no @
problem-email-shape = "{ $value }" is not an email address: write it like name@example.org
problem-email-spaces = "{ $value }" is not an email address: it contains spaces
problem-password-short = password must be at least { $min } characters (got { $count })
problem-password-too-long = password must be at most { $max } characters
problem-name-required = { $what } is required
problem-name-too-long = { $what } must be at most { $max } characters
problem-country-code = "{ $value }" is not a country code: the country must be an ISO 3166-1 alpha-2 code such as "MG" (Madagascar) or "FR" (France)
answer-boxes-unknown-key = unknown key "{ $key }"; the answer is { "{" }"boxes": [...]{ "}" }
answer-boxes-missing = "boxes" is missing; send [] for no boxes
answer-boxes-not-object = the answer must be an object { "{" }"boxes": [...]{ "}" }, not { json-type }
answer-boxes-not-array = "boxes" must be an array, not { json-type }
answer-box-not-object = a box must be an object { "{" }"x", "y", "w", "h", "label"{ "}" }, not { json-type }
answer-box-unknown-key = unknown key "{ $key }"; a box has x, y, w, h and label
answer-box-label-not-string = the box label must be a string, not { json-type }

# Operator: organisations and the deposit form's choice
deposit-choose-organization = Choose an organisation
organizations-title = Organisations
organizations-empty = No organisation yet: requesters create one when they sign up.
organizations-name = Name
organizations-id = Id (quoted with transfers)
organizations-members = Members
organizations-contact = Contact
organizations-available = Available
organizations-escrow = In escrow

# Requester pages: boxes drawn on the answers page, the form-field editor, streamed uploads
answers-boxes-title = Boxes drawn on item { $id }
answers-boxes-fused = Aggregated (fused) boxes
answers-as-text = Answers as text
upload-too-large = The file is larger than this instance takes ({ $max } bytes). { $stored ->
    [one] { $stored } item was
   *[other] { $stored } items were
} stored before the limit: split the file and upload the rest (items already stored, with the same external_id, are skipped).
upload-broken = The file stopped arriving after { $stored ->
    [one] { $stored } item was
   *[other] { $stored } items were
} stored; upload it again (items already stored, with the same external_id, are skipped).
ff-title = Fields of the form
ff-hint = One row per field: its name in the answer (letters, digits, _), the label workers read, its kind and that kind's settings.
ff-name = Name
ff-label = Label
ff-kind = Kind
ff-kind-text = Text
ff-kind-number = Number
ff-kind-choice = Choice
ff-required = Required
ff-max-length = Longest text (characters)
ff-multiline = Several lines
ff-min = Smallest
ff-max = Largest
ff-integer = Whole numbers only
ff-options = Options, one a line: value | label
ff-up = ↑ Move up
ff-down = ↓ Move down
ff-remove = Remove this field
ff-add = Add a field

# The project editor's own checks of what was typed.
form-not-whole-number = "{ $value }" is not a whole number
form-not-number = "{ $value }" is not a number
form-rating-label-shape = write "{ $line }" as "point = label", e.g. "1 = Bad"
err-signup-role = "{ $role }" is not a role you can sign up as: use "worker" or "requester"
err-signup-organization-missing = requesters must name their organisation: the projects are published under it
err-signup-organization-worker = workers do not belong to an organisation; leave it out
err-deposit-organization-missing = choose the organisation the money came from

# My data: a worker's (or requester's) export of all their own data
my-data-link = My data: download everything Handprint holds about you
my-data-title = My data
my-data-lead = Download everything Handprint holds about you, in one JSON file you can keep or take to another platform.
my-data-contains = What the file contains
my-data-account = Your account: email, name, country, role, organisation and when you signed up.
my-data-keys = Your API keys: label, prefix, when each was created and revoked (never the keys themselves).
my-data-assignments = Every task you took: project, requester organisation, task, state, when it was leased and sent, your measured working time, the answer you gave, the reward, the review (with a rejection's reason and message) and your dispute with its messages.
my-data-statement = Every movement of money on your balances, as on your statement.
my-data-payouts = The payouts you asked for and what became of them.
my-data-reports = The tasks you reported as broken.
my-data-projects = Your projects, their items and answers are not in this file: download them from each project's page (or the project endpoints of the API).
my-data-others = Nothing about other people is in it: no other worker's answers and no requester's email.
my-data-download = Download my data (JSON)
my-data-api = The same file is served by the API at GET /api/v1/me/export.

# A requester organisation's public record (/requesters/{id}).
record-title = Record of { $org }
record-intro = What workers have met with this requester, over all its projects, from the platform's own accounts. No worker is named.
record-none = no data yet
record-hourly = Pay per hour of work
record-hourly-hint = Everything paid to workers for approved answers (rewards, pay-floor top-ups, bonuses), divided by the working time the platform measured on those answers.
record-paid-total = Paid for measured work: { $amount }
record-measured = Measured working time: { $time }
record-median-hourly = Median pay per hour of an answer: { $amount }
record-median-hourly-hint = Half of the paid answers earned less per hour than this, half more (bonuses left out).
record-rejection-rate = Rejection rate
record-rejection-rate-hint = Rejected answers among reviewed answers, counting rejections that were overturned later.
record-reviewed = Answers reviewed: { $n }
record-rejections = Answers rejected: { $n }
record-overturned = Rejections overturned on dispute: { $n }
record-overturned-hint = Reversed by the requester or overturned by an operator: the worker was paid in full.
record-time-to-pay = Median time to pay
record-time-to-pay-hint = Time from sending an answer to its approval, when the reward reaches the worker.
record-approved = Answers approved: { $n }
record-auto = Approved automatically: { $n } ({ $percent })
record-auto-hint = Answers the requester did not review within the review window: the platform approved them.
record-disputes = Disputes opened
record-disputes-hint = Disputes workers opened on rejections.
record-disputes-won = Decided for the worker: { $n }
record-activity = Activity
record-projects = Projects published: { $n }
record-answers = Answers received: { $n }
record-workers = Workers paid: { $n }
record-activity-hint = Counts only: no worker appears on this page.

# Money shown plainly (issue 9): the refusal to publish for lack of funds, My work's totals, statement line notes.
shortfall-title = Not enough money to publish.
shortfall-why = Publishing holds the rewards, the fee and a top-up reserve in escrow until the work is done; what the work does not use comes back to the organisation's available balance.
shortfall-rewards = { $count ->
    [one] Rewards for { $count } answer
   *[other] Rewards for { $count } answers
}
shortfall-fees = Platform fee ({ $percent } %, held per answer rounded up)
shortfall-reserve = Top-up reserve ({ $percent } % of the rewards)
shortfall-total = Escrow needed
shortfall-available = Available now
shortfall-missing = Missing
shortfall-how = To add money, send a bank or mobile-money transfer quoting your organisation id and ask an operator to record the deposit; then publish again.
shortfall-funds-link = Your organisation id and balance are on the Funds page.
history-earned-hint = Approved and paid to your balance (Earnings counts it as earned).
history-under-review = { $amount } more waiting for review
statement-pairs-hint = Money moving between two of your own balances shows as two lines: one out of the first, one into the second.
line-note-payout-requested-available = Out of your available balance, for the payout you asked for.
line-note-payout-requested-pending-payout = Into your pending payout, until an operator sends it.
line-note-payout-paid-pending-payout = Out of your pending payout: it was sent.
line-note-payout-paid-paid-out = Into what you have been paid out.
line-note-payout-failed-pending-payout = Out of your pending payout: it could not be sent.
line-note-payout-failed-available = Back into your available balance.
line-note-approval-escrow = The answer's reward and the fee held for it leave the escrow.
line-note-approval-available = The part of the held fee not charged comes back (the fee is rounded once over the project).
line-note-escrow-available = Out of the available balance, into the project's escrow.
line-note-escrow-escrow = Into the project's escrow, from the available balance.
line-note-release-escrow = Out of the project's escrow: the work no longer needs it.
line-note-release-available = Back into the available balance, from the project's escrow.
line-note-rejection-settled-escrow = Out of the project's escrow: the rejection is final.
line-note-rejection-settled-available = The rejected answer's reward and fee, back into the available balance.
# The item's media, for every template kind (issue 9)
problem-template-media-type-required = the media "type" is missing; use one of: { $types }
problem-template-media-type-unknown = the media "type" must be one of: { $types } (got { $value })
problem-template-media-field-required = the media "field" must name the item field that holds the media's address, like "image_url"
problem-template-boxes-image-required = "media" is required: the image to draw on, like { "{" }"type": "image", "field": "image_url"{ "}" }
problem-template-boxes-media-image = boxes are drawn on an image: the media "type" must be "image" (got "{ $value }")
problem-template-image-field-conflict = "image_field" ("{ $value }") and the media "field" ("{ $field }") name different fields; give only "media"
task-audio-label = The item's sound
task-video-label = The item's video
task-audio-fallback = This browser cannot play the sound here.
task-video-fallback = This browser cannot play the video here.
task-media-open = Open it
task-media-unavailable = { $kind ->
    [audio] This item's sound
    [video] This item's video
   *[image] This item's image
} cannot be shown: its address is missing or is not a web address (http:// or https://). If you cannot answer without it, report the task.
edit-media-video = Video
edit-media-hint = Shown with every task, under the question: the item field holding the address (http:// or https://) of an image, a sound or a video, like image_url.
task-skipped = Task skipped: it went back to the pool, at no cost to you.
task-reported = Thank you: your report was sent to the requester, and the task was skipped.
task-send-failed = Your answer could not be sent. Check the connection and send it again.
edit-media-sound = Sound
# How numbers are written on pages (the API always writes "1234.50").
number-decimal-mark = .
number-group-separator = {""}

# Ledger memos on statements, read back from the stored English (core `memo::read`).
memo-escrow-answers = { $count ->
    [one] escrow for { $count } answer of "{ $title }" with fees and top-up reserve
   *[other] escrow for { $count } answers of "{ $title }" with fees and top-up reserve
}
memo-escrow-items = { $count ->
    [one] escrow for { $count } new item of "{ $title }"
   *[other] escrow for { $count } new items of "{ $title }"
}
memo-escrow-one-more = escrow for one more answer of "{ $title }" ({ $why })
memo-why-beyond-funded = an answer beyond the funded slots
memo-release = escrow "{ $title }" no longer needs
memo-deposit = deposit, reference { $reference }
memo-floor-escrow = escrow for top-ups to the pay floor: approved answers took a median of { $seconds } s, so a reward of { $reward } pays { $rate } per hour, under the floor of { $floor }
memo-floor-topup = top-up to the pay floor: approved answers took a median of { $seconds } s, so a reward of { $reward } pays { $rate } per hour, under the floor of { $floor }
memo-payout-requested = payout requested to { $destination }
memo-payout-paid = paid to { $destination }, reference { $reference }
memo-payout-failed = payout failed ({ $note }); the money is available again
memo-reward = reward for an approved answer in "{ $title }"
memo-reward-overturned = reward for an answer in "{ $title }" (rejection overturned)
memo-rejection-settled = a final rejection in "{ $title }": the answer's reward and fee return

# A worker's answer refused on the task page, in plain words (the API keeps the precise detail).
answer-plain-choose-one = Choose one of the options before you send.
answer-plain-choose-some = Tick the options that apply before you send.
answer-plain-rate = Choose a point on the scale before you send.
answer-plain-write = Write your answer in the box before you send.
answer-plain-form = Fill in the form before you send.
answer-plain-form-field = Fill in "{ $label }" before you send.
answer-plain-boxes = Draw at least one box before you send.
answer-plain-box = Draw this box again on the image, then send.
answer-box-numbered = Box { $n }: { $problem }
answer-boxes-at-least-plain = { $min ->
    [one] Draw at least { $min } box before you send (you drew { $count }).
   *[other] Draw at least { $min } boxes before you send (you drew { $count }).
}
answer-boxes-at-most-plain = { $max ->
    [one] Draw at most { $max } box (you drew { $count }): delete the extra ones, then send.
   *[other] Draw at most { $max } boxes (you drew { $count }): delete the extra ones, then send.
}

# A form's problems named by their field (the error summary, refusals with fields).
form-error-line = { $field }: { $problem }
edit-field-reward-name = Reward per answer
edit-field-min-selected-name = Fewest options to select
edit-field-max-selected-name = Most options to select
problem-country-name = "{ $value }" is a country's name: the country must be its ISO 3166-1 alpha-2 code, "{ $code }"
signup-country-choose = Choose your country
review-pick-all = Every answer on this page
work-none-here = Nothing left for you here: every item has its answers or you have answered it.
error-form-unreadable = This form's fields could not be read: one holds a value of the wrong kind, or the form is not one of this site's. Go back, reload the page and fill it in again.

handprint-verify-title = Check a handprint
handprint-verify-intro = A handprint is the signed record of the work behind a dataset: who asked for it and why, how it was made, and by how many people, for what pay. Drop the file handprint.dsse.json that came with the data to check that this instance signed it and that nothing in it changed since.
handprint-verify-file = Signed handprint (handprint.dsse.json)
handprint-verify-submit = Check
handprint-verify-valid = Valid: signed by this instance, unchanged since
handprint-verify-invalid = Not valid
handprint-verify-key = Signed with key { $keyid }.
handprint-verify-files = The files it is about
handprint-verify-files-hint = This page cannot see your data files: compare their SHA-256 with these, or run handprint verify beside them, which does.
handprint-verify-keys = This instance signs with key { $keyid }, published at
handprint-verify-no-file = Choose the file handprint.dsse.json to check.
handprint-verify-too-large = That file is larger than 1 MB: a handprint is a few kilobytes. Choose handprint.dsse.json, not the data.
handprint-words-for = Made for { $org }: { $purpose }
handprint-words-workers = { $count ->
    [one] { $count } worker took part
   *[other] { $count } workers took part
}
handprint-words-hours = { $hours } hours of work measured
handprint-words-pay = Median pay per hour of work: { $amount } (the floor: { $floor })
handprint-words-rejected = { $count ->
    [one] { $count } answer rejected
   *[other] { $count } answers rejected
}

# Eligibility and qualifications (issue 13)
err-not-found-qualification = This qualification does not exist, or it is not yours to see.
    .api = qualification not found
err-qualification-invalid = The qualification has problems; each is listed with its field.
err-qualification-definers = Only requesters (for their organisation) and operators (for everyone) define qualifications.
err-qualification-not-yours = This qualification is not yours to change or grant: only the organisation that defined it (or the operators, for theirs) may.
err-qualification-not-held = This worker does not hold this qualification: there is nothing to revoke.
err-languages-invalid = The languages have problems; each is listed with its place in the list.
problem-required = is required: send a value
problem-language-code = "{ $value }" is not a language code: a language is its ISO 639-1 code, such as "en" (English), "fr" (French) or "mg" (Malagasy)
problem-language-name = "{ $value }" is a language's name: the language must be its ISO 639-1 code, "{ $code }"
problem-eligibility-too-many = at most { $max } entries
problem-score-range = { $value } is not a score: a score is a whole number from 0 to { $max }
problem-qualification-id-empty = is empty: give the id of a qualification (GET /api/v1/qualifications lists them)
problem-qualification-repeated = the qualification { $id } is listed twice: keep one entry with its minimum score
problem-qualification-unknown = there is no qualification { $id }: GET /api/v1/qualifications lists those your projects may ask for
problem-qualification-other-organization = the qualification { $id } belongs to another organisation: a project may ask for its own organisation's qualifications or an operator's
problem-qualification-kind = "{ $value }" is not a kind of qualification: use "manual" (granted by a person, with a reason) or "test" (items scored automatically)
problem-qualification-between = must be a whole number from { $min } to { $max }
problem-qualification-performance-only = only a performance qualification takes this field: remove it, or create a qualification of kind "performance"
problem-qualification-kind-fixed = the kind of a qualification cannot change: create another qualification
problem-worker-unknown = no worker of your organisation's projects has the pseudonym "{ $value }": use the worker's pseudonym as your exports show it
why-country = Open only to workers in { $countries }; your account's country is { $yours }.
why-languages = Asks for workers who know { $languages }: if you do, add { $languages } to the languages in your settings.
why-qualification-missing = Asks for the qualification "{ $name }" (score { $min } or more), which you do not hold. It is granted by a person: { $who ->
        [operator] ask this instance's operators.
       *[requester] ask the requester.
    }
why-qualification-low = Asks for the qualification "{ $name }" with a score of { $min } or more; yours is { $score }. It is granted by a person: { $who ->
        [operator] ask this instance's operators.
       *[requester] ask the requester.
    }
edit-eligibility = Who may work on it
edit-eligibility-hint = Leave these empty to open the project to every worker. They are checked each time a worker takes a task.
edit-field-elig-countries = Countries
edit-elig-countries-hint = ISO 3166-1 codes separated by commas, e.g. "FR, BE": a worker's account must be in one of them.
edit-field-elig-languages = Languages
edit-elig-languages-hint = ISO 639-1 codes separated by commas, e.g. "fr, mg": a worker must declare every one of them.
edit-field-elig-qualifications = Qualifications
edit-elig-qualifications-hint = One a line: the qualification's id and the minimum score from 0 to 100, e.g. "0190…a1 60". Your organisation's qualifications and the operators' may be used.
work-not-eligible = You cannot take this project's tasks yet:
nav-settings = Settings
settings-title = Your settings
settings-saved = Saved.
settings-languages = Languages you know
settings-languages-hint = ISO 639-1 codes separated by commas, e.g. "fr, mg, en". Some projects ask for workers who know a language.
settings-save = Save
settings-qualifications = Your qualifications
settings-no-qualifications = You hold no qualification yet. A requester grants one by hand, with a reason you can read here.
settings-held = { $name }: score { $score }
settings-history = Grants and revocations
settings-granted = granted at score { $score }
settings-revoked = revoked
err-worker-list-invalid = The list entry has problems; each is listed with its field.
err-worker-not-listed = This worker is on none of your organisation's lists: there is nothing to remove.
problem-worker-list = "{ $value }" is not a list: use "include" or "block"
why-blocked = The requester has blocked you from their projects, writing: "{ $reason }". If you think this is wrong, write to the requester.
why-not-included = Open only to workers the requester has listed: ask the requester to add you.
edit-elig-included-only = Only workers on your organisation's include list (PUT /api/v1/worker-lists/{ "{" }pseudonym{ "}" })
work-ineligible = You cannot take that project's tasks: its card below says why.
work-why-act = Go there
operator-looks-like = Looks like: { $names }

## The decision log: "Decisions about me", "Reviews to decide" (issue 13)
nav-decisions-mine = Decisions about me
nav-decisions-review = Reviews
decisions-mine-title = Decisions about me
decisions-mine-lead = Every automated decision Handprint's rules made about you, with the numbers they looked at. If you think one is wrong, ask for a person to review it: they must answer within the deadline, or it is decided for you.
decisions-count-made = { $count ->
    [0] No automated decision has been made about you.
    [one] { $count } automated decision
   *[other] { $count } automated decisions
}
decisions-until = in effect until { $when }
decisions-inputs = What the rule looked at
decisions-rule = Rule
decisions-ask-label = Ask for a human review
decisions-ask-hint = Say why you think this decision is wrong. You can ask once.
decisions-ask = Ask for a review
decisions-done-asked = Your review request was sent. You will find the answer here.
decisions-asked-on = Review asked for on { $when }:
decisions-due = The answer is due by { $when }; past it, the decision is reversed for you.
decisions-answer = The reviewer's answer:
decisions-answer-automatic = Nobody answered in time:
decisions-review-title = Reviews to decide
decisions-review-lead-requester = Workers asked a person to review these automated decisions of your organisation's rules. Read the numbers, then uphold or reverse with a written answer before the deadline; past it, the decision is reversed for the worker.
decisions-review-lead-operator = Operator decisions are yours to decide; the others are shown for oversight, with the counts over every organisation.
decisions-count-requested = { $count ->
    [0] No review waiting
    [one] { $count } review waiting
   *[other] { $count } reviews waiting
}
decisions-count-overdue = { $count ->
    [0] none overdue
    [one] { $count } overdue
   *[other] { $count } overdue
}
decisions-count-upheld = { $count ->
    [0] none upheld
    [one] { $count } upheld
   *[other] { $count } upheld
}
decisions-count-reversed = { $count ->
    [0] none reversed
    [one] { $count } reversed
   *[other] { $count } reversed
}
decisions-empty = Nothing here.
decisions-answer-label = Your answer to the worker
decisions-reverse = Reverse the decision
decisions-uphold = Uphold it
decisions-done-upheld = The decision is upheld; the worker sees your answer.
decisions-done-reversed = The decision is reversed and its effect undone; the worker sees your answer.
decision-kind-qualification_granted = Qualification granted
decision-kind-qualification_refused = Qualification refused
decision-kind-qualification_lost = Qualification lost
decision-kind-warned = Warning
decision-kind-restricted = Restriction
decision-kind-requalification_required = Qualification required again
decision-kind-second_opinion = Answers sent for a second opinion
decision-kind-score_changed = Score changed
decision-state-in_effect = In effect
decision-state-review_requested = Review asked for
decision-state-upheld = Upheld on review
decision-state-reversed = Reversed
decision-about-qualification_granted = You were granted the qualification "{ $qualification }".
decision-about-qualification_refused = The qualification "{ $qualification }" was refused; you may try again after { $until }.
decision-about-qualification_lost = You lost the qualification "{ $qualification }".
decision-about-warned = An automated rule of the project "{ $project }" warned you about your answers.
decision-about-restricted = You may not work on the project "{ $project }" until { $until }.
decision-about-requalification_required = You must pass the qualification "{ $qualification }" again before working on the project "{ $project }".
decision-about-second_opinion = Some of your answers on the project "{ $project }" were sent to other workers for a second opinion.
decision-about-score_changed = Your score changed in a way that changes which work you may take.
decision-reason-control_accuracy = Control items: { $controls_correct } right out of { $controls_answered }; this project's rule asks for at least { $threshold_percent }% once { $after_controls } are answered.
decision-reason-fast_answers = { $fast_answers ->
    [one] { $fast_answers } of your answers took less than { $share_of_median_percent }% of the median time; this project's rule acts at { $times }.
   *[other] { $fast_answers } of your answers took less than { $share_of_median_percent }% of the median time; this project's rule acts at { $times }.
}
decision-reason-disagreement = Answers compared with others' on the same items: { $compared_answers }, of which { $disagreements } disagreed with the majority; this project's rule allows at most { $percent }%.
decision-reason-skips = Items given back: { $returned } of { $leases } taken, more than this project's rule allows.
decision-reason-test_passed = You scored { $score }% on the test; it passes at { $pass_score }%.
decision-reason-test_failed = You scored { $score }% on the test; it passes at { $pass_score }%. You may take it again after { $until }.
decision-reason-performance_score = Control items: { $controls_correct } right out of your latest { $controls_answered }, a score of { $score }%; this qualification is held at { $pass_score }% or more once { $min_controls } are answered.
decision-undone-qualification_granted = Nothing to undo.
decision-undone-qualification_refused = The cooldown is over: you may take the test again now.
decision-undone-qualification_lost = The qualification is given back at the score you held before.
decision-undone-warned = The warning is withdrawn.
decision-undone-restricted = The restriction is lifted: you may work on the project again.
decision-undone-requalification_required = You do not need to pass the qualification again; your earlier grant is given back.
decision-undone-second_opinion = Nothing was undone: the extra answers on those items were already paid for, and your own answers were never rejected by the rule.
decision-undone-score_changed = The score change is withdrawn.
decision-review-overdue = Nobody reviewed this decision within the deadline, so it was decided for you: the decision is reversed.
err-decision-invalid = The review has problems; each is listed with its field.
err-decision-not-adverse = A decision of kind { $kind } did not go against you: there is nothing to review.
err-decision-review-once = A review of this decision was already asked for (it is { $state }): you can ask once.
err-decision-not-under-review = This decision is not waiting for a review (nobody asked, or it was already decided).
err-decision-reviewers = Only the organisation whose rule it was, or an operator, reviews decisions.
err-decision-not-yours = This decision was made by an organisation's rule: that organisation reviews it.
err-not-found-decision = This decision does not exist, or it is not yours to see.
problem-decision-outcome = must be "upheld" or "reversed" (got "{ $value }")
record-restrictions = { $made ->
    [0] No automated restriction made
    [one] { $made } automated restriction made
   *[other] { $made } automated restrictions made
}, { $reversed ->
    [0] none reversed on review.
    [one] { $reversed } reversed on review.
   *[other] { $reversed } reversed on review.
}
problem-overlap-order = must be at least min ({ $min })
problem-overlap-confidence = must be a number between 0 and 1, both excluded (e.g. 0.9 for 90%)
problem-overlap-single-choice = dynamic overlap needs a single-choice template (its confidence is the agreement on one label)
# Password reset by e-mail (/forgot, /reset/{token}, POST /api/v1/password-reset).
forgot-title = Reset your password
forgot-lead = Give the e-mail address of your account: we send it a link to set a new password, valid for { $minutes } minutes.
forgot-button = Send me a link
forgot-back = Back to sign in
forgot-unavailable = This instance cannot send e-mail, so it cannot send you a reset link. Ask an operator of this instance to set a new password for you.
reset-requested = If an account has this address, a link to set a new password is on its way to it; it works once, for { $minutes } minutes. Nothing arrived? Check the spam folder, or ask again later.
reset-title = Set a new password
reset-new-password = New password
reset-confirm = The new password again
reset-button = Set the password
reset-confirm-differs = the two passwords differ: type the same one twice
reset-ask-again = Ask for a new link
reset-done = { $count ->
    [0] Your new password is set; no session was open. Sign in with it.
    [one] Your new password is set; { $count } session was signed out. Sign in with the new password.
   *[other] Your new password is set; { $count } sessions were signed out. Sign in with the new password.
}
err-reset-throttled = { $count ->
    [one] too many reset requests or failed sign-ins for this address; try again in { $count } second
   *[other] too many reset requests or failed sign-ins for this address; try again in { $count } seconds
}
err-set-password-no-account = no account has the email { $email }
err-reset-no-mail = this instance cannot send e-mail, so no reset link can be sent: ask an operator of this instance to set a new password for you
err-reset-unknown = this reset link is not valid: it was mistyped, or a newer link replaced it; ask for a new one at /forgot
err-reset-used = this reset link was used already, at { $at }; ask for a new one at /forgot if you need to
err-reset-expired = this reset link ended at { $at } (a link works for an hour); ask for a new one at /forgot
mail-reset-subject = Set a new Handprint password
mail-reset-text =
    Hello { $name },

    Someone (we hope you) asked to set a new password for your Handprint account. To choose one, open this link within { $minutes } minutes:

    { $link }

    The link works once. If you did not ask for it, ignore this message: your password stays as it is.
# Issue 13: control items and quality rules.
problem-control-rate-range = { $value } is not a share: the control rate is a whole percentage from 0 to 100
problem-rules-not-list = must be a list of rules, each {"{"}"when": {"{"}condition: {"{"}…{"}"}{"}"}, "action": {"{"}action: {"{"}…{"}"}{"}"}{"}"}
problem-rules-too-many = at most { $max } rules
problem-rule-not-object = a rule is an object with "when" and "action"
problem-rule-entry = give exactly one entry, its name and its settings as an object, one of: { $choices }
problem-rule-name-unknown = "{ $value }" is not offered: use one of { $choices }
problem-rule-setting-unknown = "{ $setting }" is not a setting of { $name }: its settings are { $choices }
problem-rule-setting-missing = is missing: give a whole number from { $min } to { $max }
problem-rule-number = { $value } is not allowed here: give a whole number from { $min } to { $max }
problem-rule-skips-shape = give either "count", or "percent" with "after_leases"
edit-quality = Control items and quality rules
edit-field-control-rate = Control items (percent)
edit-control-rate-hint = The share of each worker's items taken from your items with a known answer, mixed into their work; nothing tells them apart. 0 for none.
edit-field-quality-rules = Quality rules
edit-quality-rules-hint = JSON, e.g. [{"{"}"when": {"{"}"control_accuracy_below": {"{"}"threshold_percent": 70, "after_controls": 5{"}"}{"}"}, "action": {"{"}"restrict": {"{"}"days": 7{"}"}{"}"}{"}"}]. Rules never reject work or suspend an account; every decision is logged and the worker may ask for a review.
form-rules-json = is not valid JSON ({ $problem }): write a list of rules, [] for none
project-workers-quality = Workers and quality
quality-title = Workers and quality
quality-hint = Each worker by the pseudonym your exports use. Control items are { $rate } % of each worker's items. The interval is the 95 % Wilson interval of the control accuracy; skill comes from the Dawid–Skene and GLAD models over every answer (choice and rating projects).
quality-empty = No answers yet.
quality-answers = Answers
quality-controls = Controls right
quality-interval = 95 % interval
quality-dawid-skene = Dawid–Skene accuracy
quality-glad = GLAD ability
quality-median = Median time
quality-decisions = Decisions in force
quality-decision-until = { $kind } until { $until }
quality-decision-qualification_granted = Qualification granted
quality-decision-qualification_refused = Qualification refused
quality-decision-qualification_lost = Qualification lost
quality-decision-warned = Warned
quality-decision-restricted = Restricted
quality-decision-requalification_required = Must pass a qualification again
quality-decision-second_opinion = Answers sent for a second opinion
quality-decision-score_changed = Score changed
why-restricted = A quality rule of this project keeps you from its tasks until { $until } (see "Decisions about me"; you may ask for a review).
# Test qualifications (issue 13)
problem-qualification-test-only = only a test takes this field: remove it, or create a qualification of kind "test"
problem-qualification-test-fixed = a test's terms cannot change once created (takers were promised them): create another test
problem-qualification-closed-on-create = a qualification is created open: remove "closed"
problem-qualification-close-test-only = only a test is closed (its unused escrow returns): a manual qualification stays until you revoke its grants
problem-qualification-reopen = a closed test cannot be opened again: create another test
problem-test-operator = an operator's qualification has no organisation to pay its test items: tests are created by requesters
problem-number-range = must be a whole number from { $min } to { $max }
problem-test-known-answer-missing = has no known_answer: every test and training item needs the answer it is scored against
problem-test-training-flag = "training" must be true or false
problem-test-explanation = "explanation" must be a text of at most { $max } characters
problem-test-explanation-missing = a training item needs an "explanation", shown with its answer once the worker has answered
problem-test-explanation-training = only a training item shows an "explanation": add "training": true, or remove it
err-test-items-invalid = Some rows cannot be test items; each is listed by its line. Nothing was stored.
err-test-items-empty = The upload holds no item.
err-test-not-a-test = This qualification is of kind "{ $kind }", not a test: it has no items to take.
err-test-closed = This test is closed: it takes no new takers.
err-test-held = You already hold this qualification: there is no need to take its test again.
err-test-cooldown = You did not pass this test; you may take it again from { $until }.
err-test-no-items = This test has no items yet.
err-test-unfunded = This test's paid places are all taken: its requester has to add funds for more takers.
err-work-test-and-project = Ask for the next item of a test or of a project, not both: send qualification_id or project_id.
why-qualification-test = Asks for the qualification "{ $name }" (score { $min } or more), which you do not hold. Take its test: { $count ->
        [one] { $count } item
       *[other] { $count } items
    }, each paid { $reward }.
why-qualification-test-low = Asks for the qualification "{ $name }" with a score of { $min } or more; yours is { $score }. Its test ({ $count ->
        [one] { $count } item
       *[other] { $count } items
    }, each paid { $reward }) may be taken again once your qualification is revoked.
nav-qualifications = Qualifications
nav-tests = Tests
tests-title = Qualification tests
tests-intro = Some projects ask for a qualification. Passing its test grants it. Every item you answer is paid, training items included, whatever your score.
tests-none = No test is open to you now.
tests-pay = { $count ->
        [one] { $count } item
       *[other] { $count } items
    }, each paid { $reward }
tests-total = { $total } in all
tests-pass-score = pass score { $score } %
tests-training = { $count ->
        [0] No item is for training.
        [one] The first item is for training: you see its answer and why, and it never counts.
       *[other] The first { $count } items are for training: you see their answers and why, and they never count.
    }
tests-take = Take the test
tests-continue = { $count ->
        [0] Start where you left off
        [one] Continue (1 item answered)
       *[other] Continue ({ $count } items answered)
    }
tests-cooldown = You did not pass; you may take the test again from { $at }.
test-item-of = Item { $number } of { $of }
test-training-item = A training item: once you answer, you will see the right answer and why. It does not count in your score.
test-paid = Paid { $amount }.
test-your-answer = Your answer: { $answer }
test-correct-answer = The right answer: { $answer }
test-training-not-counted = This training item does not count in your score.
test-passed = Passed with a score of { $score } % (pass score { $pass } %): the qualification is yours.
test-failed = Not passed: a score of { $score } % (pass score { $pass } %).
test-back = Back to the tests
test-next-item = Next item
rtests-title = Qualification tests
rtests-intro = A test grants a qualification to the workers who pass it. Every item a worker answers is paid at the test's reward (at least the pay floor on its time), from escrow taken when you add items.
rtests-name = Name
rtests-description = Description
rtests-template = Template (JSON, as a project's)
rtests-template-hint = The same definition as a project's template, e.g. { "{" }"kind": "single_choice", "options": [...]{ "}" }.
rtests-pass-score = Pass score (percent of test items right)
rtests-retake-hours = Hours before a failed worker may retake it
rtests-reward = Reward per item
rtests-seconds = Seconds one item takes
rtests-max-takers = Takers to fund
rtests-money-hint = Adding items escrows reward and fee for every item times the takers to fund; closing the test returns what is unused.
rtests-create = Create the test
rtests-new = New test
rtests-items = Items
rtests-takers = Takers
rtests-pass-rate = Pass rate
rtests-closed = closed
rtests-hourly = { $rate } per hour
rtests-item-counts = { $count ->
        [one] { $count } test item
       *[other] { $count } test items
    }, training items: { $training }
rtests-taker-counts = { $count ->
        [one] { $count } worker
       *[other] { $count } workers
    }, passed: { $passed }
rtests-escrow = Held in escrow
rtests-added = { $count ->
        [0] No new item (all were there already).
        [one] { $count } item added.
       *[other] { $count } items added.
    }
rtests-add-items = Add items
rtests-items-hint = One JSON object a line (or a JSON array, or CSV with a header), as a project's items, each with "known_answer"; a training item also has "training": true and an "explanation".
rtests-add = Add the items
rtests-close = Close the test
rtests-closed-note = This test is closed: no new takers, and its unused escrow went back to your balance.
memo-test-escrow = escrow for the test "{ $title }" (items: { $items }, takers: { $takers })
memo-test-release = escrow of the closed test "{ $title }" no longer needs
memo-test-reward = reward for a test answer in "{ $title }"
handprint-page-title = Handprint: { $title }
handprint-page-intro = The signed record of the work behind one export of this project: who asked for it and why, how it was made, and by how many people, for what pay. Figures over workers only, never one worker.
handprint-page-made = Exported on { $when } (UTC)
handprint-page-record = The public record of { $org }
handprint-page-unpublished = Not published: only your organisation sees this page. The signed file is yours either way.
handprint-page-pay = Pay per hour of work over workers: { $p10 } for the lowest-paid tenth, { $median } median, { $p90 } for the best-paid tenth
handprint-page-countries = Workers by country (groups under { $k } merged)
handprint-page-other = other
handprint-page-download = Download the signed handprint (handprint.dsse.json)
handprint-page-publish = Publish this page
handprint-page-unpublish = Keep this page to my organisation
export-title = Export with handprint
export-intro = A zip of the data, its Croissant description (croissant.json) and the signed handprint (handprint.dsse.json), kept with a page of its own.
export-format = Format
export-labels = Labels instead of answers (aggregation method, empty for the answers)
export-publish = Publish the handprint's page
export-submit = Download the export
export-handprints = This project's handprints
handprint-page-unpublished-short = not published

## Manual qualifications on the pages (issue 13)
nav-grants = Qualifications
grants-title = Qualifications you grant
grants-intro = Qualifications a person of your organisation grants or takes back, each time with a written reason the worker reads. Name the worker by the pseudonym your exports give them. Tests, scored automatically and paid, are under Tests.
grants-none = Your organisation has no qualification granted by hand yet.
grants-holders = { $count ->
    [0] Nobody holds it.
    [one] { $count } worker holds it.
   *[other] { $count } workers hold it.
}
grants-worker = Worker (pseudonym from your exports)
grants-score = Score (0 to 100; for a grant)
grants-reason = Reason (the worker reads it)
grants-grant = Grant
grants-revoke = Take back
grants-new = A new qualification granted by hand
grants-name = Name
grants-description = What it says about a worker
grants-create = Create
grants-done-created = The qualification is created.
grants-done-granted = Granted. The worker reads it, with your reason, in their qualifications.
grants-done-revoked = Taken back. The worker reads your reason in their qualifications.
grants-performance = Qualifications from control accuracy
grants-performance-intro = Handprint grants these by itself, to every worker whose answers to your control items (items whose answer you know) reach the pass score, and takes them back when the score falls below it. Each grant and loss is a logged decision the worker can ask a person of your organisation to review.
grants-performance-terms = Granted at { $score } % right or more
grants-performance-controls = { $count ->
    [0] from the first control answer
    [one] after { $count } control answer
   *[other] after { $count } control answers
}
grants-pass-score = Pass score (percent of control answers right)
grants-min-controls = Control answers needed first
err-coco-needs-boxes = COCO holds bounding boxes, and this project's template is { $kind }: choose jsonl, csv, parquet or hf
err-yolo-needs-size = YOLO divides every box by its image's size, and the item { $item } has no image_width and image_height fields: add them to the items (in pixels), or choose coco

## Sensitive content (issue 16: opt-in, exposure cap, breaks)
problem-sensitive-opt-in-unknown = "{ $value }" is not a sensitive category here; the known ones are: { $known }
err-settings-invalid = The settings have problems; each is listed with its place.
settings-sensitive = Sensitive content
settings-sensitive-legend = Show me work with
settings-sensitive-hint = Projects that may show distressing content say which kind. You are offered their items only for the kinds you tick here, and only up to a daily limit of measured time for each. Untick a kind at any time.
settings-minutes = { $count ->
    [0] 0 minutes
    [one] { $count } minute
   *[other] { $count } minutes
}
settings-exposure = Your time on sensitive content
settings-exposure-none = No time on sensitive content in the last 30 days.
settings-exposure-category = Kind
settings-exposure-today = Today (UTC)
settings-exposure-week = Last 7 days
settings-exposure-month = Last 30 days
sensitive-panel = This project may show distressing content.
sensitive-counter = { $category }: { $minutes } of { $cap ->
    [one] { $cap } minute
   *[other] { $cap } minutes
} today
sensitive-wellbeing = Wellbeing support
sensitive-reveal = Show the media
sensitive-hide = Blur the media again
sensitive-show-text = Show the text
sensitive-noscript = The media is blurred; open it on its own if you choose to see it.
sensitive-break = You have worked on sensitive content for a while without a pause. A break helps: the work will still be here.
sensitive-break-take = Take a break (give this item back, free)
sensitive-break-dismiss = Continue
why-sensitive-opt-in = It may show content you have not chosen to see ({ $kinds }): tick it in your settings if you agree to.
why-sensitive-cap = You reached today's limit of { $minutes } minutes on { $kind }: its items are offered again from 00:00 UTC.
# Issue 15 (kinds1): spans, polygons, keypoints
kind-spans = Text spans
answer-spans-unknown-key = unknown key "{ $key }"; the answer is { "{" }"spans": [...]{ "}" }
answer-spans-missing = "spans" is missing; send [] for no spans
answer-spans-not-object = the answer must be an object { "{" }"spans": [...]{ "}" }, not { json-type }
answer-spans-not-array = "spans" must be an array, not { json-type }
answer-spans-at-least = mark at least { $min } spans (got { $count })
answer-spans-at-most = mark at most { $max } spans (got { $count })
answer-span-not-object = a span must be an object { "{" }"start", "end", "label"{ "}" }, not { json-type }
answer-span-unknown-key = unknown key "{ $key }"; a span has start, end and label
answer-span-offset-missing = the span's "{ $key }" is missing (a character offset from 0)
answer-span-offset-not-count = the span's "{ $key }" must be a whole number of characters from 0 (got { $value })
answer-span-empty = the span must end after it starts (start { $start }, end { $end })
answer-span-past-end = the span ends past the text (end { $end }, the text has { $length } characters)
answer-span-overlap = this span overlaps span { $other }: spans may not overlap
answer-mark-label-not-string = the label must be a string, not { json-type }
answer-mark-label-missing = the label is missing
spans-help = Tap (or click) the first word, then the last word, then a label. Keyboard: arrows move, Shift+arrows extend, a digit picks a label, Delete removes a span.
spans-labels = Label the selected words
spans-delete = Delete
spans-clear = Clear the selection
spans-none = No span marked yet.
spans-need-js = Marking spans needs JavaScript, which is turned off in this browser.
answer-plain-spans = Mark the spans again, then send.
edit-field-span-text-field = Item field with the text (default: text)
edit-field-span-labels = Span labels (one per line)
edit-field-custom-html = Your page's HTML
edit-custom-html-hint = It runs in a sandboxed frame with no network: read the item from handprint.data and send the answer with handprint.submit(answer).
edit-field-custom-height = Frame height (pixels)
edit-field-custom-schema = The answer's JSON Schema
form-custom-schema-json = the answer schema is not JSON: { $why }
# Fair allocation and pay including unpaid time (issue 16, part alloc)
worktime-title = Pay per hour, unpaid time included
worktime-hint = Task time runs from taking a task to submitting it. Unpaid time adds tasks given back or left to expire, test items, and the searching between tasks (gaps of up to 10 minutes between two pieces of work).
worktime-hourly-task = Per hour of task time
worktime-hourly-all = Per hour including unpaid time
worktime-unpaid = Unpaid time
worktime-minutes = { $count ->
    [0] no minutes
    [one] { $count } minute
   *[other] { $count } minutes
}
worktime-unanswered = { $count ->
    [0] no minutes on tasks given back or expired
    [one] { $count } minute on tasks given back or expired
   *[other] { $count } minutes on tasks given back or expired
}
worktime-tests = { $count ->
    [0] no minutes on tests
    [one] { $count } minute on tests
   *[other] { $count } minutes on tests
}
worktime-searching = { $count ->
    [0] no minutes searching
    [one] { $count } minute searching
   *[other] { $count } minutes searching
}
## Worker voice (issue 16): reviews of requesters, messages
problem-review-project = "{ $value }" is not a project of this organisation: send the id of one of its projects you worked on
problem-review-rating = must be a whole number from 1 to 5 (got { $value })
problem-review-signature = is longer than { $max } characters: shorten it, or leave it empty to stay anonymous
err-review-invalid = The review has problems; each is listed with its field.
err-review-not-worked = Only a worker who sent at least one answer to "{ $project }" may review its requester: do one of its tasks first.
    .api = only a worker who submitted at least one answer to project "{ $project }" may review its organisation
reviews-title = Reviews by workers
reviews-intro = Workers who did at least one task of a project review its requester. Reviews are anonymous unless the worker chose a name to sign with.
reviews-none = No review yet.
reviews-count = Reviews: { $n }
reviews-average = Average rating: { $average } / 5
reviews-stars = { $rating } / 5
reviews-anonymous = An anonymous worker
reviews-signed = Signed: { $name }
reviews-about = About the project "{ $project }"
reviews-answer-by = The requester's answer
reviews-write = Review this requester
reviews-write-hint = One review per project; writing again about the same project changes your review.
reviews-project = Project
reviews-rating = Rating (1 to 5)
reviews-text = Your review
reviews-signed-as = Sign with a name (leave empty to stay anonymous)
reviews-send = Send the review
reviews-answer = Answer publicly
reviews-answer-send = Publish the answer
reviews-done = Your review is published.
reviews-done-answer = Your answer is published.
err-messages-not-a-party = Messages are between a worker and a requester; an operator is not a party to them and cannot read or send them.
problem-message-assignment = "{ $value }" is not an assignment of this thread's worker in this project
problem-message-worker-to = leave it out: a worker's message goes to the project's requester
problem-message-assignment-all = a message to every worker of the project is about no single assignment: leave it out, or name one worker in "to"
err-message-not-your-worker = "{ $worker }" is not a worker who worked for your organisation or wrote to it about this project: you may write only to them, or to every worker of the project (leave "to" out)
err-message-no-workers = Nobody has sent an answer to "{ $project }" yet: there is no worker to write to.
## The kinds external_study and custom_html (issue 15, wt-kinds3)
problem-template-study-url-https = "study_url" must be an https address (https://…), so the worker's pseudonym travels encrypted; got "{ $url }"
problem-template-study-url-host = "study_url" has no host name after https://; write the study's full address
problem-template-study-url-space = "study_url" contains a space; write the address without spaces (encode them as %20)
problem-template-study-url-pseudonym = "study_url" must contain {"{"}pseudonym{"}"} where the worker's pseudonym goes, e.g. https://survey.example.org/s?pid={"{"}pseudonym{"}"}
problem-template-study-url-placeholder = "study_url" has a {"{"}…{"}"} other than {"{"}pseudonym{"}"}; it is the only placeholder filled in (encode other braces as %7B and %7D)
problem-template-study-codes-not-list = "completion_codes" must be a list of the codes your study shows at its end, not { json-type }
problem-template-study-codes-count = "completion_codes" must hold 1 to { $max } codes (got { $count })
problem-template-study-code-not-text = a completion code must be text, not { json-type }
problem-template-study-code-form = the completion code "{ $code }" must be 1 to { $max } letters, digits, "-" or "_"
problem-template-study-code-twice = the completion code "{ $code }" is listed twice (codes are compared regardless of case)
answer-study-not-object = the answer must be {"{"}"completion_code": "…"{"}"}, not { json-type }
answer-study-unknown-key = unknown key "{ $key }"; the answer has only "completion_code"
answer-study-code-not-text = the completion code must be text, not { json-type }
answer-study-code-missing = the completion code is missing; copy the code the study shows at its end
answer-study-code-wrong = "{ $code }" is not a completion code of this study; copy the code the study shows at its end exactly, or return the task if you did not finish the study
err-labels-not-aggregated = { $kind } answers are not aggregated into labels; download the answers instead (export, format jsonl or csv)
study-leave = This task is a study on the requester's own site, { $host }. You leave Handprint to do it: open the study, finish it there, then come back to this page with the completion code it shows at its end.
study-pseudonym = The study receives your pseudonym for this project, { $pseudonym }, never your name or email address. Handprint does not see what you answer there.
study-open = Open the study (new tab)
study-time = Your working time counts from when you took this task until you send the code.
study-code = Completion code
preview-study-owner = Workers leave Handprint for your study; the link carries each worker's pseudonym for this project in place of {"{"}pseudonym{"}"} (here an example one). Their working time is measured from when they take the task to when they send the code. Codes accepted (never shown to workers): { $codes }
preview-custom-saved = The frame shows your page as last saved, sandboxed exactly as workers will get it: save to see your changes there.
preview-custom-unsaved = Save the project to see your page here, in the sandboxed frame workers will get.
problem-template-schema-not-object = "answer_schema" must be a JSON Schema object, e.g. {"{"}"type": "object", "required": ["label"]{"}"}, not { json-type }
problem-template-schema-invalid = "answer_schema" is not a usable JSON Schema: { $why }
answer-custom-schema = the answer does not fit the project's answer schema: { $why }
custom-no-frame = The requester's own page for this task shows here, in a sandboxed frame, when a worker takes the task.
custom-frame-title = The requester's page for this task
custom-hint = This page is the requester's own: it runs apart from Handprint and sees nothing of your account. Answering in it sends your answer.
# Media (issue 15)
task-media-original = Open the original (full size)
task-media-outside = This media is loaded from { $host }, the requester's own server: that server sees your internet address when your browser fetches it.
err-media = This file was not stored.
err-media-name = The file name "{ $name }" cannot be used: { $why }. Rename it using letters, digits, ".", "_", "-" and "/" between folders.
err-media-name-missing = A file sent as the whole body needs its name: add ?name=FILE to the address (for example ?name=cat-001.jpg), or send a multipart form or a zip.
err-media-type = { $name } is of type { $type }, which Handprint does not store. Accepted types: { $types }. Convert it, or send it with the right Content-Type or file ending.
err-media-too-big = { $name } is { $bytes } bytes, over the limit of { $limit } bytes per file. Make it smaller (a lower resolution or bit rate) and upload it again.
err-media-body-too-big = The upload { $name } is over the limit of { $limit } bytes. Send files one by one, or in several smaller zips.
err-media-not-that-type = { $name } was sent as { $type }, but its bytes are not a { $type } file. Send it with its real type, or convert it.
err-media-quota = { $name } was not stored: your organisation's media would take { $adding } bytes more, and { $used } of its { $limit } bytes are used. Delete finished projects' media, or ask an operator to raise max_media_mb_per_org.
err-media-zip = The zip cannot be read ({ $why }). Make it again with a standard zip tool.
err-media-multipart = The multipart form cannot be read ({ $why }). Send multipart/form-data with one file per part.
err-media-none-stored = No file was stored: each one's problem is listed in errors.
err-media-signature = This media address is not valid: it was changed or not made by this instance. Reload the task to get a new one.
err-media-expired = This media address has expired. Reload the task to get a new one.
err-media-source-name = "{ $name }" cannot name a bucket source: use 1 to 40 lowercase letters, digits, "-" and "_" (items then write NAME:key).
err-media-source-endpoint = The endpoint "{ $endpoint }" is not a web address: give the S3-compatible server as https://host (or http:// on a private network), or leave it out for AWS.
err-media-source-bucket = "{ $bucket }" is not a bucket name: 3 to 63 lowercase letters, digits, "-" and ".".
err-media-source-credential = { $field } is missing: give the key the instance reads the bucket with (a read-only key is enough).
err-media-source-unreachable = The bucket { $bucket } (prefix "{ $prefix }") could not be listed with these settings: { $why }. Check the endpoint, the bucket's name and region, and that the key may list and read it.
err-media-source-taken = The project already has a bucket source named { $name }: remove it first (DELETE …/media/sources/{ $name }), or choose another name.
err-media-source-unknown = The project has no bucket source named { $name }.
err-import-media-missing = The field { $field } names the file "{ $name }", which is not uploaded to this project. Upload it first (POST /api/v1/projects/ID/media, or handprint media upload), or correct the name.
## kinds2: the pairwise and segments kinds, and preference exports (issues 15 and 14)
problem-template-pairwise-show = "show" must be "text", "image" or "audio" (got { $value })
problem-template-pairwise-same-field = the field "{ $field }" is already "{ $other }": each option and the prompt need their own field
answer-pairwise-not-side = the answer must be which side is better as a string ({ $choices }), not { json-type }
answer-pairwise-unknown-side = "{ $value }" is not a side; answer one of { $choices }
answer-pairwise-no-tie = this project does not allow ties: answer "left" or "right"
pairwise-choose = Which is better?
pairwise-prompt = Prompt
pairwise-left = Left
pairwise-right = Right
pairwise-tie = Neither: they are as good as each other
pairwise-keys = Keys: ← picks the left, → the right, Enter sends.
pairwise-keys-tie = Keys: ← picks the left, → the right, ↓ a tie, Enter sends.
err-preferences-needs-pairwise = preference data holds pairwise comparisons, and this project's template is { $kind }: choose jsonl, csv, parquet or hf
err-preferences-no-labels = preference data holds each answer as a pair, not aggregated labels: leave the labels out, or choose another format
export-format-preferences = Preference pairs (prompt, chosen, rejected; pairwise projects)
# Issue 16: job alerts (settings, notifications, feed, e-mail) and message notices.
problem-alerts-key = { $key } is not an alert setting: the settings are { $keys }
problem-alerts-boolean = must be true or false
problem-alerts-list = must be a list of texts
problem-alerts-text = must be a text
problem-alerts-kind = { $value } is not a kind of task: the kinds are { $kinds }
problem-alerts-end-use = { $value } is not an end use: the end uses are { $end_uses }
problem-alerts-amount = must be an amount in { $currency } written as text (e.g. "12.50"), or null for no minimum
err-feed-none = You have no feed address to revoke: POST /api/v1/me/feed makes one.
err-feed-unknown = No feed has this address: it was revoked or replaced. Make a new one in your settings.
mail-alert-subject = { $count ->
    [one] New work for you: { $title }
   *[other] { $count } new projects for you
}
mail-alert-text =
    Hello { $name },

    { $count ->
        [one] A project you asked to hear about has work for you:
       *[other] { $count } projects you asked to hear about have work for you:
    }

    { $projects }

    You receive this because job alerts by e-mail are on in your settings. To change them or stop these messages, open { $settings }
mail-message-subject = { $organization } wrote to you about { $project }
mail-message-text =
    Hello { $name },

    { $organization } wrote to you about the project { $project }:

    { $text }

    Read and answer it here: { $link }

    You receive this because message notices by e-mail are on in your settings. To stop them, open { $settings }
nav-notifications = Alerts
nav-unread = { $count ->
    [one] { $count } unread alert
   *[other] { $count } unread alerts
}
nav-messages = Messages
notifications-title = Job alerts
notifications-unread = { $count ->
    [0] No unread alerts.
    [one] { $count } unread alert.
   *[other] { $count } unread alerts.
}
notifications-none = No alerts yet: when a project you may work on and asked to hear about opens, it shows here.
notifications-mark-read = Mark read
notifications-mark-all = Mark all read
notifications-reason-published = new project
notifications-reason-resumed = open again
notifications-reason-new_items = new items
notifications-settings = How you are alerted
notifications-how = Tell me about new work
notifications-in-app = in this list (and the counter in the menu)
notifications-email = by e-mail (one message per round of new work)
notifications-message-email = and e-mail me when a requester writes to me
notifications-no-mail = This instance sends no e-mail: an operator has not set up a mail relay.
notifications-filters-hint = Tick none in a list to hear about any. Your alerts, your e-mail and your feed follow these filters; the find-work page shows all the work open to you.
notifications-saved = Your alert settings are saved.
notifications-feed = Feed of matching work
notifications-feed-hint = A private Atom feed address for your feed reader. Anyone who has it sees the work open to you: make a new one to replace it, or revoke it.
notifications-feed-new = Make a new feed address
notifications-feed-revoke = Revoke the feed address
notifications-feed-made = Your feed address (shown once):
notifications-feed-revoked = The feed address is revoked.
messages-title = Messages
messages-none = No messages yet.
messages-you = You
messages-worker = The worker
messages-requester-all = { $organization }, to every worker of the project
messages-thread-worker = { $project }: worker { $worker }
messages-thread-requester = { $project }: { $organization }
messages-reply = Your answer
messages-send = Send
messages-text = Your message
messages-sent = Your message is sent.
messages-new-about = Write to the requester about { $project }
messages-to-all = Write to every worker of a project
messages-to-all-hint = Only workers who submitted an answer to the project receive it.
messages-project = Project
messages-write = Write to the requester

# Issue 15: audio and video segments
kind-segments = Audio or video segments
problem-template-segments-media-required = "media" is required: the sound or video to mark, like { "{" }"type": "audio", "field": "audio"{ "}" }
problem-template-segments-media-timeline = segments are marked on a timeline: the media "type" must be "audio" or "video" (got { $value })
answer-segments-unknown-key = unknown key "{ $key }"; the answer is { "{" }"segments": [...]{ "}" }
answer-segments-missing = "segments" is missing; send [] for no segments
answer-segments-not-object = the answer must be an object { "{" }"segments": [...]{ "}" }, not { json-type }
answer-segments-not-array = "segments" must be an array, not { json-type }
answer-segments-at-least = { $min ->
    [one] mark at least { $min } segment (got { $count })
   *[other] mark at least { $min } segments (got { $count })
}
answer-segments-at-most = { $max ->
    [one] mark at most { $max } segment (got { $count })
   *[other] mark at most { $max } segments (got { $count })
}
answer-segment-not-object = a segment must be an object { "{" }"start", "end", "label"{ "}" }, not { json-type }
answer-segment-unknown-key = unknown key "{ $key }"; a segment has start, end and label
answer-segment-time-missing = the segment's "{ $key }" is missing (seconds from the start of the media)
answer-segment-time-not-seconds = the segment's "{ $key }" must be a number of seconds, 0 or more (got { $value })
answer-segment-empty = the segment must end after it starts (start { $start }, end { $end })
answer-segment-overlap = this segment overlaps segment { $other }: segments may not overlap in this project
segments-help = Play the recording, press [ (or "Start here") where a segment begins and ] (or "End here") where it ends; a digit or a label button picks its label first. Space plays and pauses, ← and → move a second.
segments-player = Player
segments-play = Play or pause
segments-back = Back one second
segments-forward = Forward one second
segments-speed = Speed
segments-labels = Label of the next segment
segments-mark-start = Start here
segments-mark-end = End here
segments-started = Started at { $time } s: press ] (or "End here") where it ends.
segments-too-short = A segment must end after it starts: play on, then mark its end.
segments-full = No more segments can be marked on this task.
segments-none = No segment marked yet.
segments-start = Start (s)
segments-end = End (s)
segments-label = Label
segments-play-from = Play
segments-delete = Delete
segments-need-js = Marking segments needs JavaScript, which is turned off in this browser.
answer-plain-segments = Mark the segments again, then send.

## Issue 15 (wt-geo): the polygons and keypoints kinds
kind-polygons = Polygons (segmentation)
kind-keypoints = Keypoints (skeleton)
problem-template-image-required = "media" is required: the image { $kind } are drawn on, like { "{" }"type": "image", "field": "image_url"{ "}" }
problem-template-media-image = { $kind } are drawn on an image: the media "type" must be "image" (got "{ $value }")
problem-template-points-not-array = "points" must be an array of point names, not { json-type }
problem-template-points-required = "points" is required: the skeleton's point names, like ["nose", "left_eye", "right_eye"]
problem-template-points-count = give between 1 and { $max } point names (got { $count })
problem-template-point-twice = the point "{ $name }" is listed twice; point names must be unique
problem-template-edges-not-array = "edges" must be an array of pairs of point names, like [["nose", "left_eye"]], not { json-type }
problem-template-edge-not-pair = an edge is a pair of two point names, like ["nose", "left_eye"] (got { $value })
problem-template-edge-unknown-point = { $value } is not one of the points; use { $points }
problem-template-edge-loop = an edge joins two different points ("{ $name }" twice)
problem-template-edge-twice = the edge between "{ $a }" and "{ $b }" is listed twice
answer-polygons-unknown-key = unknown key "{ $key }"; the answer is { "{" }"polygons": [...]{ "}" }
answer-polygons-missing = "polygons" is missing; send [] for no polygons
answer-polygons-not-object = the answer must be an object { "{" }"polygons": [...]{ "}" }, not { json-type }
answer-polygons-not-array = "polygons" must be an array, not { json-type }
answer-polygons-at-least = draw at least { $min } polygons (got { $count })
answer-polygons-at-most = draw at most { $max } polygons (got { $count })
answer-polygon-not-object = a polygon must be an object { "{" }"label", "points"{ "}" }, not { json-type }
answer-polygon-unknown-key = unknown key "{ $key }"; a polygon has label and points
answer-polygon-points-missing = the polygon's "points" are missing: a list of [x, y] pairs
answer-polygon-points-not-array = the polygon's "points" must be an array of [x, y] pairs, not { json-type }
answer-polygon-too-few-points = a polygon needs at least { $min } points (got { $count })
answer-polygon-too-many-points = a polygon may have at most { $max } points (got { $count })
answer-polygon-point-not-pair = a point is a pair [x, y] of numbers (got { $value })
answer-polygon-point-not-number = a coordinate must be a number of pixels, not { json-type }
answer-polygon-point-outside = { $axis } = { $value } is outside the image (from 0 to { $limit } pixels)
answer-polygon-no-area = the polygon has no area: its points lie on one line
answer-polygon-self-intersecting = the polygon crosses itself: its edge from point { $edge } to { $next } meets the edge from point { $other } to { $other_next }; draw its outline in order around the shape
answer-keypoints-unknown-key = unknown key "{ $key }"; the answer is { "{" }"points": { "{" }...{ "}" }{ "}" }
answer-keypoints-missing = "points" is missing: every point of the skeleton, placed or not visible
answer-keypoints-not-object = the answer must be an object { "{" }"points": { "{" }...{ "}" }{ "}" }, not { json-type }
answer-keypoints-not-map = "points" must be an object keyed by point name, not { json-type }
answer-keypoint-unknown = "{ $name }" is not a point of the skeleton; the points are { $points }
answer-keypoint-missing = the point "{ $name }" is missing: place it, or send { "{" }"visible": false{ "}" }
answer-keypoint-not-object = a point must be an object { "{" }"x", "y"{ "}" } or { "{" }"visible": false{ "}" }, not { json-type }
answer-keypoint-unknown-key = unknown key "{ $key }"; a point has x, y and visible
answer-keypoint-visible-not-flag = "visible" must be true or false, not { json-type }
answer-keypoint-coordinate-missing = the point's "{ $key }" is missing (or send "visible": false)
answer-keypoint-coordinate-not-number = the point's "{ $key }" must be a number of pixels, not { json-type }
answer-plain-polygons = Draw the polygons again, then send.
answer-plain-keypoints = Place the points again, then send.
polygons-help = Tap or click the image to add points; Enter or a double tap closes the polygon, Backspace removes the last point, Escape cancels it; a digit picks the label. Between { $min } and { $max } polygons.
polygons-new-label = Label for new polygons
polygons-label = Label of polygon
polygons-polygon = Polygon
polygons-delete = Delete
polygons-close = Close the polygon
polygons-undo = Remove the last point
polygons-cancel = Cancel
polygons-need-js = Drawing polygons needs JavaScript, which is turned off in this browser.
keypoints-help = Choose a point, then tap or click where it is on the image; the next point is chosen for you. Keys: a digit or the arrow keys choose a point, V marks it not visible, Backspace removes it.
keypoints-point = Point to place
keypoints-not-visible = Not visible
keypoints-clear = Remove
keypoints-need-js = Placing points needs JavaScript, which is turned off in this browser.
err-coco-needs-marks = COCO holds bounding boxes, polygons or keypoints, and this project's template is { $kind }: choose jsonl, csv, parquet or hf
edit-field-seg-labels = Segment labels (one per line); the recording is the media above, a sound or a video
edit-field-seg-overlap = A worker's segments may overlap

## Trust and safety (issue 16)
nav-trust = Trust & safety
trust-title = Trust and safety
trust-intro = Every decision here is yours to make and needs a written reason; the people it concerns see it, and the log below keeps it. Nothing automated suspends anyone or takes a project down.
trust-verified-badge = verified
work-filter-verified = Only verified requesters
work-taken-down = "{ $title }" was taken down by an operator: { $reason }. Work you submitted there is paid.
record-verified-by = Verified by { $who } on { $when }. What was checked:
record-unverified = Not verified by an operator yet.
trust-reports-open = { $count ->
    [0] No open report
    [one] { $count } open report
   *[other] { $count } open reports
}
trust-suspensions = { $count ->
    [0] No suspension in force
    [one] { $count } suspension in force
   *[other] { $count } suspensions in force
}
trust-decision = Decision
trust-dismiss = Dismiss the report
trust-take-down = Take the project down
trust-reason = Reason (shown to whom it concerns)
trust-decide = Decide
trust-lift = Lift the suspension
trust-uphold = Uphold the suspension
trust-suspension-reason = Reason: { $reason }
trust-appeal-text = Appeal: { $text }
trust-appeal-other-operator = You suspended this account: another operator decides its appeal.
trust-no-appeal = No appeal yet.
trust-appeal-lifted = Appeal granted: the suspension is lifted.
trust-appeal-upheld = Appeal refused: the suspension stays.
trust-suspend-title = Suspend an account
trust-suspend = Suspend
trust-verify-title = Requester verification
trust-checks = What you checked, one per line (identity, registration, contact…)
trust-verify = Record the verification
trust-revoke = Revoke the verification
trust-takedown-hint = Workers keep what they earned: submitted work is approved and paid, unfinished leases are released, and the rest of the escrow goes back to the requester.
trust-project-id = Project id
trust-log = Trust log
trust-log-when = When
trust-log-who = Who
trust-log-what = What
trust-log-subject = About
trust-action-verify = verified a requester
trust-action-revoke-verification = revoked a verification
trust-action-dismiss-report = dismissed a report
trust-action-take-down = took a project down
trust-action-suspend = suspended an account
trust-action-appeal = appealed a suspension
trust-action-lift-suspension = lifted a suspension
trust-action-uphold-suspension = upheld a suspension
trust-done-dismissed = Report dismissed.
trust-done-taken-down = Project taken down; its done work is paid.
trust-done-suspended = Account suspended.
trust-done-lifted = Suspension lifted.
trust-done-upheld = Suspension upheld.
trust-done-verified = Verification recorded.
trust-done-revoked = Verification revoked.
suspended-title = Your account is suspended
suspended-since = An operator suspended your account on { $when }.
suspended-reason = Their reason:
suspended-effect = While it is suspended you cannot take work or act on projects. Money you earned stays yours.
suspended-appeal-title = Appeal
suspended-appeal-hint = You may appeal once, in your own words. An operator other than the one who suspended you decides it.
suspended-appeal-label = Why the suspension should be lifted
suspended-appeal-send = Send the appeal
suspended-appealed = You appealed:
suspended-appeal-waiting = Another operator will decide your appeal.
err-not-found-report = This report does not exist.
    .api = report not found
err-not-found-suspension = This suspension does not exist.
    .api = suspension not found
err-trust-reason-missing = write the reason: the people concerned are shown it
err-verification-checks-missing = name at least one thing that was checked (e.g. "identity of the signatory")
err-verification-checks-long = at most { $max } checks of at most { $chars } characters each
err-report-outcome = the outcome "{ $outcome }" is not offered: use dismiss or take_down
err-appeal-outcome = the outcome "{ $outcome }" is not offered: use lift or uphold
err-not-verified = this organisation has no verification in force to revoke
err-report-decided = this report was already decided
err-project-taken-down = this project was already taken down
err-takedown-closed = this project is { $state }: it offers no work and cannot be taken down
err-already-suspended = this account is already suspended
err-suspend-self = an operator cannot suspend their own account
err-not-suspended = this account is not suspended
err-appeal-once = this suspension was already appealed: an appeal is made once
err-appeal-not-open = this suspension has no appeal waiting for a decision
err-appeal-same-operator = you suspended this account: another operator must decide its appeal
err-account-suspended = this account is suspended by an operator: { $reason }. Read it and appeal once with GET /api/v1/me/suspension and POST /api/v1/me/suspension/appeal
err-no-such-account = no account has the email { $email }
nav-forum = Forum
err-forum-workers-only = the forum is the workers' own place: requesters may neither read nor write in it
err-forum-no-category = no forum category { $id }: pick one from the forum's list
err-forum-no-thread = no forum thread { $id } you can read: it may have been hidden, or never existed
err-forum-no-post = no forum post { $id }
err-forum-page = page "{ $value }" is not a page number: use a whole number from 1
err-forum-invalid = the forum post has problems; each is named with its field
err-forum-moderation-invalid = the moderation act has problems; each is named with its field
err-forum-thread-locked = this thread is locked: it takes no more posts (an operator locked it; the reason is on the thread)
err-forum-thread-hidden = this thread is hidden by an operator: it takes no more posts
err-forum-too-many-posts = { $count ->
    [one] you wrote { $posts } posts in the last minute: wait a minute before posting again
   *[other] you wrote { $posts } posts in the last { $count } minutes: wait a few minutes before posting again
}
problem-forum-title-empty = must not be empty
problem-forum-title-long = is longer than { $max } characters: shorten it
problem-forum-search-empty = type at least one word to search for
problem-forum-search-long = is longer than { $max } characters: search for fewer words
problem-forum-action = "{ $value }" is not an action here: use { $choices }
forum-title = Workers' forum
forum-intro = A place for workers to talk to each other. Operators may hide a post or lock a thread, always with a written reason shown to its author; nothing automated reads what you write. Requesters cannot read the forum.
forum-categories = Categories
forum-none = No category yet: an operator creates them.
forum-threads-count = { $count ->
    [0] no thread
    [one] { $count } thread
   *[other] { $count } threads
}
forum-posts-count = { $count ->
    [0] no post
    [one] { $count } post
   *[other] { $count } posts
}
forum-results-count = { $count ->
    [0] Nothing found.
    [one] { $count } post found.
   *[other] { $count } posts found.
}
forum-search = Search the forum
forum-search-send = Search
forum-search-title = Search: { $q }
forum-new-category = New category
forum-category-name = Name
forum-category-description = What belongs in it
forum-category-create = Create the category
forum-category-done = The category is created.
forum-back = All categories
forum-no-threads = No thread yet: start the first one.
forum-new-thread = Start a thread
forum-thread-title = Title
forum-thread-text = What you want to say
forum-thread-send = Post the thread
forum-by = { $author } · { $when }
forum-last-post = Last post { $when }
forum-locked = Locked
forum-hidden = Hidden
forum-locked-notice = This thread is locked and takes no more posts. The operator's reason: { $reason }
forum-hidden-thread-notice = An operator hid this thread; only you and the operators see it. The reason: { $reason }
forum-hidden-post-notice = An operator hid this post; only its author and the operators see it. The reason: { $reason }
forum-reply = Your reply
forum-reply-send = Post the reply
forum-page = Page { $page } of { $pages }
forum-previous = Previous page
forum-next = Next page
forum-moderate = Moderate (operators)
forum-moderate-reason = Reason, shown to the author
forum-moderate-hide = Hide the post
forum-moderate-restore = Show the post again
forum-moderate-action = Action on the thread
forum-action-hide = Hide the thread
forum-action-restore = Show the thread again
forum-action-lock = Lock the thread
forum-action-unlock = Unlock the thread
forum-moderate-apply = Apply
forum-done-moderated = The moderation act is applied and logged.
record-unpaid = Pay per hour including unpaid time
record-unpaid-hint = As the ILO measures it: what its workers were paid (rewards, top-ups and test pay; bonuses left out) divided by their task time plus the time it did not pay for — tasks given back or expired, tests, and searching between tasks. Over all its workers together; no worker's own figure is shown.
record-unpaid-task-hourly = Per hour of task time only: { $amount }
record-unpaid-split = Task time: { $task } · unpaid time: { $unpaid }
edit-field-poly-labels = Polygon labels (one per line); the image is the media above
edit-field-kp-points = The skeleton's points (one name per line, in order)
edit-field-kp-edges = The skeleton's edges (optional, one per line)
edit-kp-edges-hint = Two point names joined by " - ", like: nose - left_eye
edit-field-kp-category = What the skeleton is of (optional, "object" when empty)
form-kp-edge-shape = "{ $line }" is not an edge: write two point names joined by " - ", like nose - left_eye

## Alert filters on the page and per-assignment message threads (issue 16, wt-pages)
kind-external_study = External study (survey or experiment)
kind-custom_html = Custom HTML task
kind-pairwise = Pairwise comparison
notifications-filters = Which work you hear about
notifications-kinds = Kinds of task
notifications-languages = Languages of the project
notifications-languages-none = No open project gives a language yet.
notifications-end-uses = End uses
notifications-min-pay = Least pay per hour ({ $currency }), empty for any
notifications-min-pay-field = Least pay per hour
notifications-no-sensitive = Leave out projects with sensitive content (even the categories I opted in to)
messages-about-assignment = About an assignment: { $item } ({ $when })
messages-new-assignment = Write to the requester about this assignment
messages-new-assignment-worker = Write to this worker about this assignment
history-write = Write to the requester about this assignment
review-write = Write to this worker about this assignment
