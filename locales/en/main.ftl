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
