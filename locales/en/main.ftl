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
