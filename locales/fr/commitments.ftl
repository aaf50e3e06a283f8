# Commitments of the action plan: what the published Article says.
commitments-title = Plan d’action
commitment-heading = Engagement : { $title }
commitment-status-not_started = non commencé
commitment-status-limited = limité
commitment-status-substantial = substantiel
commitment-status-completed = achevé
commitment-summary = État : { $status }. { $done } jalon(s) réalisé(s) sur { $total }. Période : du { $start } au { $end }. Pilote : { $lead }.
