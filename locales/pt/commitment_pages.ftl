# The action plan's pages: the public plan and a commitment's page, and the staff's forms.
commitment-page-title = Plano de ação — { $commune }
commitment-page-intro = Os compromissos do município no seu plano de ação para um governo aberto (OGP Local): para cada um, o problema que trata, quem é o responsável, o seu período e o andamento das suas etapas.
commitment-page-none = O município ainda não publicou nenhum compromisso.
commitment-page-overall = { $count ->
    [one] { $count } compromisso
   *[other] { $count } compromissos
} · { $done } { $done ->
    [one] etapa realizada
   *[other] etapas realizadas
} de { $total } · { $late } em atraso
commitment-page-status = Estado: { $status }
commitment-page-lead = Responsável: { $lead }
commitment-page-period = De { $start } a { $end }
commitment-page-scale = Escala de andamento da OGP
commitment-page-status-label = Estado
commitment-page-period-label = Período
commitment-page-lead-label = Responsável
commitment-page-partners-label = Parceiros
commitment-page-progress-label = Andamento
commitment-page-progress = { $total ->
    [0] Nenhuma etapa definida
   *[other] { $done } { $done ->
        [one] etapa realizada
       *[other] etapas realizadas
    } de { $total }
}
commitment-page-late-count = { $count ->
    [0] nenhuma etapa em atraso
    [one] { $count } etapa em atraso
   *[other] { $count } etapas em atraso
}
commitment-page-problem = Problema tratado
commitment-page-description = Descrição
commitment-page-milestones = Etapas
commitment-page-no-milestones = Não há etapas definidas para este compromisso.
commitment-page-col-milestone = Etapa
commitment-page-col-due = Prazo
commitment-page-col-done = Realização
commitment-page-evidence-link = Ver o comprovativo
commitment-page-late = Em atraso
commitment-page-done-late = Realizada com atraso
commitment-page-not-done = ainda não
commitment-page-notes = Notas de acompanhamento
commitment-page-no-notes = Ainda não há notas de acompanhamento.
commitment-page-note-by = Por { $author }
commitment-page-back = Todo o plano de ação

# The staff area.
commitment-admin-new-link = Novo compromisso
commitment-admin-public-link = Página pública
commitment-admin-none = Ainda não há compromissos.
commitment-admin-new-title = Novo compromisso
commitment-admin-edit-title = Alterar o compromisso
commitment-admin-field-title = Título do compromisso
commitment-admin-field-problem = Problema público tratado
commitment-admin-field-description = Descrição
commitment-admin-field-lead = Responsável (serviço ou pessoa)
commitment-admin-field-partners = Parceiros (associações, serviços do Estado, financiadores…)
commitment-admin-field-starts_on = Data de início
commitment-admin-field-ends_on = Data de fim
commitment-admin-field-status = Estado (escala da OGP)
commitment-admin-milestones = Etapas
commitment-admin-milestones-help = Cada etapa tem uma designação e um prazo dentro do período do compromisso. Deixe em branco as linhas que não usar; para acrescentar mais etapas, guarde: aparecem novas linhas em branco.
commitment-admin-milestone-title = Etapa { $n }: designação
commitment-admin-milestone-due = Etapa { $n }: prazo
commitment-admin-milestone-kept = Realizada em { $date }: a data de realização e o comprovativo são mantidos.
commitment-admin-create = Criar o compromisso
commitment-admin-save = Guardar as alterações
commitment-admin-status-title = Mudar o estado
commitment-admin-status-new = Novo estado
commitment-admin-status-save = Guardar o estado
commitment-admin-due = Prazo: { $date }
commitment-admin-done = Realizada em { $date }
commitment-admin-done-on = Data de realização
commitment-admin-evidence = Ligação para o comprovativo (relatório, fotografia, deliberação; facultativo)
commitment-admin-mark-done = Marcar como realizada
commitment-admin-correct-done = Corrigir a realização
commitment-admin-note-date = Data da nota
commitment-admin-note-text = Nota de acompanhamento
commitment-admin-note-author = Assinada por (facultativo)
commitment-admin-note-add = Acrescentar a nota

# Refused fields of the staff's forms.
commitment-error-summary = Nada foi guardado: corrija os campos assinalados.
commitment-error-title-empty = Indique o título do compromisso.
commitment-error-milestone-title-empty = Indique a designação desta etapa, ou apague também o seu prazo.
commitment-error-note-empty = Escreva o texto da nota.
commitment-error-required = Este campo é obrigatório.
commitment-error-too-long = No máximo { $max } caracteres.
commitment-error-too-many = No máximo { $max } etapas.
commitment-error-date = Indique uma data válida (AAAA-MM-DD).
commitment-error-end-before-start = A data de fim não pode ser anterior à data de início.
commitment-error-due-outside = O prazo tem de estar dentro do período do compromisso, de { $start } a { $end }.
commitment-error-due-outside-period = O prazo tem de estar dentro do período do compromisso.
commitment-error-done-before-start = A data de realização não pode ser anterior ao início do compromisso.
commitment-error-evidence = Indique um endereço web completo, começado por http:// ou https://.
commitment-error-status = Escolha um estado da escala da OGP.
commitment-error-other = Este valor não é aceite.
