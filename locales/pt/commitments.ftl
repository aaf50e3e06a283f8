# Commitments of the action plan: what the published Article says.
commitments-title = Plano de ação
commitment-heading = Compromisso: { $title }
commitment-status-not_started = não iniciado
commitment-status-limited = limitado
commitment-status-substantial = substancial
commitment-status-completed = concluído
commitment-summary = Estado: { $status }. { $done } etapa(s) realizada(s) de { $total }. Período: de { $start } a { $end }. Responsável: { $lead }.
