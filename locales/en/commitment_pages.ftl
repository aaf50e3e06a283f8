# The action plan's pages: the public plan and a commitment's page, and the staff's forms.
commitment-page-title = Action plan — { $commune }
commitment-page-intro = The commune's commitments in its open government action plan (OGP Local): for each, the problem it addresses, who leads it, its period and the progress of its milestones.
commitment-page-none = The commune has not published any commitment yet.
commitment-page-overall = { $count ->
    [one] { $count } commitment
   *[other] { $count } commitments
} · { $done } of { $total } { $total ->
    [one] milestone
   *[other] milestones
} done · { $late } late
commitment-page-status = Status: { $status }
commitment-page-lead = Lead: { $lead }
commitment-page-period = From { $start } to { $end }
commitment-page-scale = OGP completion scale
commitment-page-status-label = Status
commitment-page-period-label = Period
commitment-page-lead-label = Lead
commitment-page-partners-label = Partners
commitment-page-progress-label = Progress
commitment-page-progress = { $total ->
    [0] No milestone set
    [one] { $done } of { $total } milestone done
   *[other] { $done } of { $total } milestones done
}
commitment-page-late-count = { $count ->
    [0] no late milestone
    [one] { $count } late milestone
   *[other] { $count } late milestones
}
commitment-page-problem = Problem addressed
commitment-page-description = Description
commitment-page-milestones = Milestones
commitment-page-no-milestones = No milestone is set for this commitment.
commitment-page-col-milestone = Milestone
commitment-page-col-due = Due
commitment-page-col-done = Completion
commitment-page-evidence-link = See the evidence
commitment-page-late = Late
commitment-page-done-late = Done late
commitment-page-not-done = not yet
commitment-page-notes = Progress notes
commitment-page-no-notes = No progress note yet.
commitment-page-note-by = By { $author }
commitment-page-back = The whole action plan

# The staff area.
commitment-admin-new-link = New commitment
commitment-admin-public-link = Public page
commitment-admin-none = No commitment yet.
commitment-admin-new-title = New commitment
commitment-admin-edit-title = Edit the commitment
commitment-admin-field-title = Title of the commitment
commitment-admin-field-problem = Public problem addressed
commitment-admin-field-description = Description
commitment-admin-field-lead = Lead (department or person in charge)
commitment-admin-field-partners = Partners (associations, State services, donors…)
commitment-admin-field-starts_on = Start date
commitment-admin-field-ends_on = End date
commitment-admin-field-status = Status (OGP scale)
commitment-admin-milestones = Milestones
commitment-admin-milestones-help = Each milestone has a title and a due date within the commitment's period. Leave unused rows empty; to add more milestones, save: new empty rows appear.
commitment-admin-milestone-title = Milestone { $n }: title
commitment-admin-milestone-due = Milestone { $n }: due date
commitment-admin-milestone-kept = Done on { $date }: the done date and the evidence are kept.
commitment-admin-create = Create the commitment
commitment-admin-save = Save the changes
commitment-admin-status-title = Change the status
commitment-admin-status-new = New status
commitment-admin-status-save = Save the status
commitment-admin-due = Due: { $date }
commitment-admin-done = Done on { $date }
commitment-admin-done-on = Done on
commitment-admin-evidence = Link to the evidence (report, photo, council decision; optional)
commitment-admin-mark-done = Mark as done
commitment-admin-correct-done = Correct the completion
commitment-admin-note-date = Date of the note
commitment-admin-note-text = Progress note
commitment-admin-note-author = Signed by (optional)
commitment-admin-note-add = Add the note

# Refused fields of the staff's forms.
commitment-error-summary = Nothing was saved: correct the fields marked.
commitment-error-title-empty = Give the commitment a title.
commitment-error-milestone-title-empty = Give this milestone a title, or empty its due date too.
commitment-error-note-empty = Write the text of the note.
commitment-error-required = This field is required.
commitment-error-too-long = At most { $max } characters.
commitment-error-too-many = At most { $max } milestones.
commitment-error-date = Give a valid date (YYYY-MM-DD).
commitment-error-end-before-start = The end date cannot be before the start date.
commitment-error-due-outside = The due date must fall within the commitment's period, from { $start } to { $end }.
commitment-error-due-outside-period = The due date must fall within the commitment's period.
commitment-error-done-before-start = The done date cannot be before the commitment starts.
commitment-error-evidence = Give a full web address, starting with http:// or https://.
commitment-error-status = Choose a status of the OGP scale.
commitment-error-other = This value is not accepted.
