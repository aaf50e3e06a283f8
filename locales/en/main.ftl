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
admin-login-too-many = Too many attempts. Try again in 15 minutes.
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
field-attachment = PDF document (optional, at most { $mb } MB)
invalid-attachment = The document must be a PDF file of at most { $mb } MB.
