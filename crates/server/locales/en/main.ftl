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
signup-worker-link = Sign up to work
signup-requester-link = Sign up as a requester
signup-title = Create an account
signup-role = I want to
signup-role-worker = do tasks and get paid (worker)
signup-role-requester = post projects for my organisation (requester)
signup-password-hint = At least 8 characters.
signup-country-hint = Two letters, for example MG, VE or IN.
signup-organization-hint = Requesters only: your projects are published under this name.
signup-button = Create my account
signup-have-account = Already have an account?

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
    [one] This task is kept for you for about a minute more.
   *[other] This task is kept for you for about { $count } minutes.
}
task-lease-grace = { $count ->
    [one] The time is up, but your answer is still accepted for a minute.
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
    [one] 1 answer
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
projects-answers-of = { $answers } of { $expected } answers
projects-items = { $count ->
    [one] 1 item
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
edit-field-form-fields = Fields (JSON)
edit-form-fields-hint = A JSON list of fields, each with "name", "label", "type" (text, number or choice) and "required" (true or false).
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
upload-result = { $created } items added, { $skipped } already there
upload-errors = { $count ->
    [one] 1 line refused
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
    [one] agreement between workers (1 item)
   *[other] agreement between workers ({ $count } items)
}
monitor-rate = Answers per hour, last 24 hours
monitor-rate-summary = { $count } answers in the last 24 hours
monitor-24h-ago = 24 h ago
monitor-now = now
monitor-times = Measured time per answer
monitor-time-summary = Median measured time { $median }, estimate { $estimate }
monitor-median-short = median
monitor-estimate-short = estimate
monitor-reports = { $count ->
    [one] 1 report of a broken task
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
