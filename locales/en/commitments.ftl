# Commitments of the action plan: what the published Article says.
commitments-title = Action plan
commitment-heading = Commitment: { $title }
commitment-status-not_started = not started
commitment-status-limited = limited
commitment-status-substantial = substantial
commitment-status-completed = completed
commitment-summary = Status: { $status }. { $done } of { $total } milestone(s) done. Period: { $start } to { $end }. Lead: { $lead }.
