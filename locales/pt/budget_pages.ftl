# Budgets: the public pages (list of years, a year, a chapter's lines).
budgets-page-title = Orçamentos — { $commune }
budgets-none = O município ainda não publicou nenhum orçamento.
budgets-year = Orçamento { $year }
budgets-compare = De um ano para o outro
budgets-compare-chart = { $direction } previstas e executadas, por exercício; os números estão no quadro seguinte.
budget-page-situation = Situação em { $date }, segundo: { $documents }.
budget-list-separator = { ", " }
budget-document-bp = orçamento primitivo
budget-document-bs = orçamento suplementar
budget-document-dm = decisão modificativa
budget-document-ca = conta administrativa
budget-document-legend = { $code }: { $name }.
budget-overview = Visão de conjunto
budget-rates-explained = Executado: ordenado nas despesas, cobrado nas receitas. Taxa de execução: executado ÷ previsão definitiva.
budget-rate-explained-depense = Taxa: ordenado ÷ previsão definitiva.
budget-rate-explained-recette = Taxa: cobrado ÷ previsão definitiva.
budget-by-section = Por secção
budget-section-chart = { $direction } por secção: previsão definitiva e execução; os números estão no quadro seguinte.
budget-no-lines = Nenhuma linha.
budget-by-chapter = Por capítulo
budget-chapters-explained = A designação de um capítulo é a da sua primeira linha. Escolha um capítulo para ver as suas linhas.
budget-side-heading = { $kind ->
    [depense-investissement] Despesas de investimento
    [recette-fonctionnement] Receitas de funcionamento
    [recette-investissement] Receitas de investimento
   *[depense-fonctionnement] Despesas de funcionamento
}
budget-progress = Evolução do exercício
budget-progress-chart = Despesas ordenadas e receitas cobradas em cada data de situação; os números estão no quadro seguinte.
budget-chart-planned = Previsto: { $amount }
budget-chart-mandated = Ordenado: { $amount }
budget-chart-collected = Cobrado: { $amount }
budget-chart-expenditure = Despesas ordenadas: { $amount }
budget-chart-revenue = Receitas cobradas: { $amount }
budget-col-year = Exercício
budget-col-situation = Situação em
budget-col-section = Secção
budget-col-chapter = Capítulo
budget-col-code = Código
budget-col-label = Designação
budget-col-document = Documento
budget-col-source = Fonte
budget-col-initial = Previsão inicial
budget-col-modifications = Modificações
budget-col-planned = Previsão definitiva
budget-col-committed = Comprometido
budget-col-executed = Executado
budget-col-executed-depense = Ordenado
budget-col-executed-recette = Cobrado
budget-col-issued-depense = Ordenado
budget-col-issued-recette = Emitido
budget-col-settled-depense = Pago
budget-col-settled-recette = Cobrado
budget-col-rate = Taxa de execução
budget-col-expenditure-planned = Despesas previstas
budget-col-expenditure-executed = Despesas ordenadas
budget-col-revenue-planned = Receitas previstas
budget-col-revenue-executed = Receitas cobradas
budget-not-known-mark = —
budget-not-known-legend = —: montante ainda desconhecido.
budget-data-json = Os números deste orçamento em JSON
budget-chapter-unknown = Este capítulo não consta deste orçamento; eis o orçamento do exercício.
budget-chapter-title = Capítulo { $chapter }: { $kind ->
    [depense-investissement] despesas de investimento
    [recette-fonctionnement] receitas de funcionamento
    [recette-investissement] receitas de investimento
   *[depense-fonctionnement] despesas de funcionamento
}
budget-chapter-page-title = { $chapter } · { $budget }
budget-chapter-lines = { $count ->
    [one] Uma linha.
   *[other] { $count } linhas.
}
budget-chapter-rate = Taxa de execução do capítulo: { $rate }.
budget-chapter-total = Total do capítulo
budget-back-to-year = Voltar ao orçamento { $year }
