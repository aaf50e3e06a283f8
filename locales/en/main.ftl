site-name = Palabre
site-tagline = The commune publishes what it decides; citizens follow and take part.
nav-home = Home
nav-decisions = Decisions
footer-software = Powered by Palabre, free software (AGPL-3.0)
language = Language
skip-to-content = Skip to content

home-title = Communes published on this node
home-empty = No commune is published on this node yet.
home-followers = { $count ->
    [0] no followers
    [one] { $count } follower
   *[other] { $count } followers
}
home-latest = Latest publication: { $date }
home-no-activity = Nothing published yet

commune-population = Population: { $count }
commune-website = Website
commune-latest = Latest decisions
commune-all-decisions = All decisions
commune-feed = Atom feed
follow-title = Follow from Mastodon or the fediverse
follow-handle = Search for this address in your app:
follow-remote-label = Or enter your address (@you@instance):
follow-remote-button = Follow
follow-remote-invalid = Invalid address: write it as @name@instance.example

decisions-title = Decisions of { $commune }
decisions-filter = Filter
decisions-search = Search
decisions-year = Year
decisions-kind = Kind
decisions-theme = Theme
decisions-status = Status
decisions-any = All
decisions-none = No decision matches.
decisions-count = { $count ->
    [one] { $count } decision
   *[other] { $count } decisions
}
page-of = Page { $page } of { $pages }
page-previous = Previous page
page-next = Next page

decision-session = Session of { $date }
decision-published = Published on { $date }
decision-updated = Updated on { $date }
decision-votes = Votes
vote-yes = Yes
vote-no = No
vote-abstain = Abstentions
vote-absent = Absent
decision-attachments = Documents
attachment-size = PDF, { $size }
decision-permalink = Permanent link
decision-withdrawn = This decision was withdrawn.
decision-themes = Themes
content-language = Text published in { $language }

error-not-found = Page not found.
error-bad-request = Invalid request.
error-server = Something went wrong. Please try again later.
error-page-beyond = This page does not exist: the list has { $pages } page(s).
error-back-home = Back to the home page

lang-fr = French
lang-pt = Portuguese
lang-en = English
lang-wo = Wolof
lang-ff = Pulaar
lang-ha = Hausa
lang-dje = Zarma
error-unknown-language = Unknown language
admin-title = Staff area
admin-login = Sign in
admin-username = Username
admin-password = Password
admin-login-button = Sign in
admin-login-wrong = Wrong username or password.
admin-login-too-many = Too many failed attempts from your connection. Try again in 15 minutes.
admin-logout = Sign out
admin-form-expired = This form has expired or does not come from this site. Reload the page and try again.
admin-session-missing = Your session has expired. Please sign in again.
admin-forbidden = Your account does not allow this.
admin-signed-in = Signed in as { $name } ({ $role })
admin-new-decision = Publish a decision
admin-staff = Staff
admin-change-password = Change password
admin-current-password = Current password
admin-new-password = New password (at least 10 characters)
admin-password-changed = Password changed. Sign in with the new one.
admin-save = Save
admin-publish = Publish
admin-add-staff = Add a member
admin-role = Role
role-admin = administrator
role-editor = editor
role-moderator = moderator
admin-staff-added = Account created.
field-reference = Reference
field-kind = Kind
field-title = Title
field-summary = Summary
field-body = Text (Markdown)
field-session-date = Session date
field-status = Status
field-themes = Themes (comma-separated)
field-language = Language of the text
form-errors = The form has errors: please correct the marked fields.
invalid-reference = Give a reference (at most 64 characters).
invalid-kind = Choose a kind.
invalid-title = Give a title (at most 200 characters).
invalid-summary = Give a summary (at most 1000 characters).
invalid-body = The text is too long.
invalid-session_date = Give a date as YYYY-MM-DD.
invalid-status = Choose a status.
invalid-votes = Votes are positive whole numbers.
invalid-themes = At most 20 themes of 60 characters.
invalid-language = Choose a language.
invalid-username = 2 to 40 letters, digits, '.', '-' or '_'.
invalid-password = The password must have at least 10 characters.
invalid-role = Choose a role.
invalid-taken = This username is taken.
field-attachment = PDF documents, one or several (optional, at most { $mb } MB each, { $max } per decision)
invalid-attachment = The document must be a PDF file of at most { $mb } MB.
invalid-attachments = A decision has at most { $max } attached documents.
invalid-attachments-total = Documents sent together must stay under { $total } MB (each at most { $mb } MB); add the others by editing the decision.
invalid-reference-taken = Another decision of this commune already has this reference.
error-conflict = This action is no longer possible: the page changed in the meantime. Reload it.
admin-settings = Commune settings
admin-federation = Federation
settings-name = Name
settings-region = Region
settings-population = Population
settings-logo = Logo address (URL)
settings-description = Description
settings-languages = Publication languages (comma-separated codes: { $known })
settings-saved = Settings saved; followers will receive the updated profile.
settings-invalid = A value is invalid
fed-following = Following
fed-accepted = accepted
fed-pending = waiting for acceptance
fed-unfollow = Unfollow
fed-follow-label = Follow an account (@name@instance or address):
fed-follow-sent = Follow request sent.
fed-unfollow-sent = Unfollowed.
fed-not-found = This account cannot be found or is refused by the configuration.
fed-failed = Cannot do this
fed-blocked = Instances blocked for this commune
fed-block-label = Block an instance for this commune (host name):
fed-block-reason = Reason (optional)
fed-block = Block
fed-unblock = Unblock
fed-blocked-done = Instance blocked.
fed-unblocked-done = Instance unblocked.
fed-blocked-node = Blocked for the whole node by its operator (only the operator can lift these):
fed-not-blocked-here = This commune has not blocked this instance. A block for the whole node can only be lifted by the node’s operator.
fed-bad-host = Invalid host name.
fed-health = Delivery health
fed-host = Server
health-state = State
health-ok = healthy
health-failing = failing
health-dead = given up
health-pending = Pending
health-delivered = Delivered
health-failed = Failed
health-refused = Refused by the server
admin-edit = edit
admin-edit-decision = Edit the decision
admin-withdraw = Withdraw the decision
admin-withdraw-explain = The decision will no longer be published; followers receive the withdrawal.

## Decision form: Markdown help and preview
field-body-help = Simple formatting: **bold**, *italic*, lists starting with "-", headings starting with "##", links [text](https://…).
admin-preview = Preview
admin-preview-empty = The text is empty.
admin-preview-file = The preview does not keep the chosen PDF file: choose it again before publishing.

## Staff invitations
invite-title = Invite a member
invite-explain = Create an invitation link and send it to the person (SMS, WhatsApp, email). They will choose their own username and password.
invite-button = Create an invitation link
invite-created = Invitation link created. Copy it now: it will not be shown again.
invite-link = Invitation link
invite-link-help = This link works once and expires in { $days } days.
invite-pending = Pending invitations
invite-expires = expires on { $date }
invite-revoke = Cancel the invitation
invite-revoked = Invitation cancelled.
invite-gone = This invitation link is no longer valid (already used, cancelled or expired). Ask your commune's administrator for a new link.
invite-welcome = Welcome
invite-welcome-explain = You are invited to join the team of { $commune } with the role: { $role }. Choose your username and password.
invite-username-help = 2 to 40 characters: letters without accents, digits, dot, hyphen.
invite-accept = Create my account
admin-add-staff-explain = Or create an account directly and give the person its password.

## Settings: identity, logo, contact, legal information, time zone
settings-identity = Identity
settings-timezone = Time zone of dates
settings-timezone-default = The country's ({ $zone })
settings-logo-title = Logo
settings-logo-current = Current logo
settings-logo-upload = New logo (PNG, JPEG, WebP or GIF, 2 MB at most; it will be reduced to 96 pixels)
settings-contact = Contact
settings-email = Email address
settings-phone = Phone
settings-address = Town hall address
settings-legal = Legal information
settings-legal-help = Legal form, founding text, person responsible for publication…
invalid-logo = The logo must be a PNG, JPEG, WebP or GIF image of 2 MB at most.
invalid-contact_email = Give a valid email address (name@domain.ne).
invalid-contact_phone = Give a phone number (digits, spaces, + - . ( )).
invalid-address = The address is too long (300 characters at most).
invalid-legal_notice = The legal information is too long (2000 characters at most).
invalid-timezone = Choose a time zone from the list.
invalid-website = Give a full web address (https://…).
invalid-icon_url = Give a full web address (https://…) for the logo.
invalid-name = Give a name (120 characters at most).
invalid-region = The region is too long (120 characters at most).
invalid-description = The description is too long (2000 characters at most).
invalid-languages = Give known language codes, separated by commas.
invalid-population = The population must be a positive whole number.
commune-contact = Contact
commune-legal = Legal information

## Amounts
field-amount = Amount committed, in { $currency } (optional, digits only)
decision-amount = Amount
invalid-amount = Give a whole amount, in digits (for example 12 500 000).

## One-time messages after a redirect
flash-published = Decision published. It is on its way to the commune's followers.
flash-updated = Changes saved and sent to followers.
flash-withdrawn = Decision withdrawn. Followers are told.
flash-signed-out = You are signed out.
flash-welcome = Your account is created. Welcome to the staff area.

## Disabling staff accounts
staff-state = Access
staff-you = you
staff-disabled = disabled
staff-disable = Disable
staff-disable-label = Disable the account { $name }
staff-disabled-done = Account disabled: the person can no longer sign in.
staff-disable-refused = Not possible: you cannot disable your own account or the last admin.

## Consultations
consultation-kind = Consultation
consultation-opens = Opens on { $date }
consultation-open-until = Open until { $date }
consultation-closed = Closed since { $date }
consultation-results = Results
consultation-results-hidden = The results will be published when it closes.
consultation-option = Choice
consultation-fediverse = Fediverse
consultation-codes = Codes
consultation-paper = Paper
consultation-total = Total
consultation-voters = Voters: { $count }
consultation-per-thousand = that is { $rate } per 1,000 inhabitants
consultation-chart = Results as bars
consultation-how-mastodon = With a Mastodon account (or another fediverse account): follow { $handle } and answer the poll.
consultation-vote-code = Vote with a code
consultation-code = Code printed on your slip
consultation-choice-one = Your choice (one only)
consultation-choice-many = Your choices (one or more)
consultation-submit = Vote
consultation-voted = Your vote is recorded. Thank you!
code-malformed = This code does not have the right form: it has 10 characters, for example ACDEF-GH347.
code-unknown = This code does not exist. Check it on your slip.
code-other = This code is for another consultation.
code-used = This code was already used: each code is good for one vote.
code-not-open = The consultation is not open yet.
code-closed = The consultation is closed: votes are no longer received.
code-no-codes = This consultation is not voted with codes.
code-bad-choice = Choose an answer (only one if the consultation allows one).
code-too-many = Too many wrong codes from this connection. Try again in a quarter of an hour.

## Consultations in the staff area
admin-consultations = Consultations
admin-consultation-new = New consultation
admin-consultation-question = Question put to the inhabitants
admin-consultation-description = Presentation (Markdown, optional)
admin-consultation-options = Possible answers, one per line (2 to 20, at most 50 characters)
admin-consultation-multiple = Several answers allowed
admin-consultation-opens = Opening (the commune's time; empty: now)
admin-consultation-closes = Closing (the commune's time)
admin-consultation-channels = How to vote
admin-consultation-after-closing = Show the results only at the closing
admin-consultation-create = Create the consultation
admin-consultation-created = Consultation created. It goes to the followers when it opens.
admin-consultation-scheduled = Scheduled
admin-consultation-open = Open
admin-consultation-closed = Closed
admin-consultation-none = No consultation yet.
admin-consultation-codes-used = { $used } codes used of { $issued }
admin-consultation-codes-count = Number of codes to print
admin-consultation-codes-make = Create the codes
admin-consultation-codes-sheet = Voting codes
admin-consultation-codes-once = These codes are shown only once: print or download them now.
admin-consultation-codes-csv = Download the codes (CSV)
admin-consultation-paper = Enter a polling place's paper ballots
admin-consultation-place = Polling place
admin-consultation-note = Note (optional)
admin-consultation-paper-save = Save the count
admin-consultation-paper-saved = Count saved. Every correction is kept in the log.
admin-consultation-invalid = The consultation was not created:
admin-consultation-edit = Edit
admin-consultation-save = Save the changes
admin-consultation-saved = Consultation changed. Followers receive the new version.
admin-consultation-not-saved = The consultation is not changed:
admin-consultation-fixed = This consultation has votes already: its question and answers no longer change. Only the presentation and a later closing can be changed.
admin-consultation-later = after the first vote, the closing can only move later.
admin-consultation-is-closed = This consultation is closed: it can no longer be changed.
invalid-consultation-title = give a title (at most 200 characters).
invalid-consultation-question = give the question (at most 500 characters).
invalid-consultation-description = the presentation is too long.
invalid-consultation-options = give 2 to 20 different answers, of at most 50 characters.
invalid-consultation-opens_at = the opening date is not valid.
invalid-consultation-closes_at = the closing must be after the opening and in the future.
invalid-consultation-channels = choose at least one way to vote.
invalid-consultation-results = unknown choice for showing the results.
invalid-consultation-language = unknown language.
invalid-count = Give a number of codes between 1 and 10,000.
invalid-counts = Counts are whole numbers, from 0.
invalid-place = Give the polling place.
invalid-channels = This consultation is not voted this way.
admin-consultation-paper-log = Paper counts log
admin-consultation-before = Before
admin-consultation-after = After
admin-consultation-by = Entered by

## Comments
comments-title = { $count ->
    [0] Comments
    [one] 1 comment
   *[other] { $count } comments
}
comments-none = No comments yet. To comment, reply to this post from a Mastodon account or another fediverse server.
comments-next = Next comments
comments-previous = Previous comments
comment-edited = edited
comment-by-commune = · the commune's answer
admin-comments = Comments
admin-comments-unanswered = { $count ->
    [0] No comment waiting for an answer
    [one] 1 comment waiting for an answer
   *[other] { $count } comments waiting for an answer
}
admin-comments-none = Nothing for now.
admin-comments-answer-all = See and answer the comments
admin-comments-held = Held comments (new authors)
admin-comments-hidden = Hidden comments
admin-comment-in-thread = see in the thread
admin-comment-answer-label = The commune's public answer (the author is mentioned and gets it in their notifications)
admin-comment-answer = Answer as the commune
admin-comment-reason = Reason
admin-comment-hide = Hide
admin-comment-restore = Restore
admin-comment-approve = Approve
admin-moderation-log = Moderation log
admin-log-when = When
admin-log-who = Who
admin-log-what = What
admin-log-why = Why
admin-log-hide = Hidden
admin-log-restore = Restored
admin-log-approve = Approved
flash-answered = Answer published. It goes to the comment's author and the commune's followers.
flash-moderated = Moderation recorded in the log.
invalid-text = Write an answer in plain text, without HTML, and not too long.
invalid-reason = Give a reason (at most 500 characters).
admin-reports = { $count ->
    [0] No report to handle
    [one] 1 report to handle
   *[other] { $count } reports to handle
}
admin-report-from-server = Report from the server of
admin-report-from-visitor = Report from a visitor of the site
admin-report-target = About:
admin-report-resolve = Mark as handled
report-link = Report this comment
report-title = Report a comment
report-back = back to the thread
report-reason = Why is this comment a problem? (the commune's moderators will read your message)
report-send = Send the report
report-filed = Thank you. Your report was passed on to the commune's moderators.
report-too-many = Too many reports sent from your connection. Try again in an hour.
invalid-report-reason = Explain in a few words what the problem is.
admin-block-summary = Block the author or their server
admin-block-actor = Block { $handle }
admin-block-instance = Block the whole server { $host }
admin-blocks = Blocked accounts and servers
admin-blocks-help = The commune refuses their activities; their follows were removed and their comments hidden.
admin-log-comment = the comment
admin-log-block = Hidden by a block
admin-comments-settings = Settings
admin-comments-hold = Hold comments from authors the commune does not know yet, until a moderator approves them

## Requests
requests-register = Register of requests
requests-register-intro = Every request for information, complaint and suggestion the commune received, with its legal deadline and the answer given. Requesters' names and contact details are never published.
requests-ask = Ask the commune a question
requests-none = No request yet.
requests-form-intro = The commune must answer within { $days } days ({ $law }). You can also ask from Mastodon by mentioning the commune.
requests-form-public = The subject of your request and the commune's answer will be public. Your name and contact details are optional and never published.
requests-send = Send the request
requests-too-many = Too many requests sent from your connection. Try again in an hour.
requests-filed = Request { $reference } filed
requests-filed-due = The commune must answer by { $date }.
requests-follow-up = Follow your request
requests-follow-up-once = Keep this link: it is shown only once. It lets you see where your request stands and read the answer.
requests-follow-up-private = This page is private: only whoever has the link can see it.
request-reference = Reference
request-subject = Subject
request-body = Your request (optional)
request-name = Your name (optional, never published)
request-contact = Phone or email (optional, never published)
request-kind = Kind
request-status = Status
request-received = Received on
request-due = Due by
request-answered = Answered on
request-days = Days
request-days-n = { $count ->
    [0] the same day
    [one] 1 day
   *[other] { $count } days
}
request-extension = Extension
request-transferred-to = Transferred to
request-refusal = Reason for refusal
request-the-answer = The commune's answer
request-kind-information = Request for information
request-kind-complaint = Complaint
request-kind-suggestion = Suggestion
request-status-received = Received
request-status-acknowledged = Acknowledged
request-status-extended = Extended
request-status-answered = Answered
request-status-partially_answered = Partially answered
request-status-refused = Refused
request-status-transferred = Transferred
request-status-silence = Refused (the commune's silence past the legal deadline)
refusal-national_security = National security or defence
refusal-private_life = Protection of private life
refusal-ongoing_proceedings = Judicial or administrative proceedings under way
refusal-business_secret = Business or industrial secret
refusal-not_held = Information the commune does not hold
refusal-abusive = Manifestly abusive request
invalid-request-subject = Give the subject of your request (at most 200 characters, no HTML).
invalid-request-body = Your request is too long or contains HTML.
invalid-request-name = The name is too long or contains HTML.
invalid-request-contact = The contact details are too long or contain HTML.
admin-requests = Citizens' requests
admin-requests-open = { $count ->
    [0] No open request
    [one] 1 open request
   *[other] { $count } open requests
} { $overdue ->
    [0] {""}
   *[other] ({ $overdue } overdue)
}
admin-request-overdue = overdue
admin-request-soon = due soon
admin-request-who = Requester (never published)
admin-request-anonymous = Anonymous
admin-request-answer-label = The commune's public answer (published in the register; sent to the requester if they wrote from the fediverse)
admin-request-partial = Partial answer
admin-request-answer = Publish the answer
admin-request-other-steps = Other steps
admin-request-acknowledge = Acknowledge
admin-request-extend-label = Reason for the extension (deadline taken to { $days } days, once only)
admin-request-extend = Extend the deadline
admin-request-transfer-label = Competent body to transfer to
admin-request-transfer = Transfer
admin-request-refuse = Refuse
admin-request-closed = This request is already closed.
flash-request-updated = Request updated.
invalid-to = Say whom the request is transferred to.
invalid-extension = The law allows one extension only, and only where it provides for one.
admin-request-transfer-by = If the commune is not the competent body, the law wants the request transferred by { $date }.
