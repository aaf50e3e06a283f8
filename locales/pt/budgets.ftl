# Budgets: the published summary, CSV import errors, public pages.
budgets-title = Orçamentos
budget-title = Orçamento { $year } — { $commune }
budget-summary-situation = Situação em { $date }.
budget-summary-expenditure = Despesas: { $executed } ordenados de { $planned } previstos ({ $rate }).
budget-summary-revenue = Receitas: { $executed } cobrados de { $planned } previstos ({ $rate }).
budget-summary-largest = Principais despesas: { $items }.
budget-rate-not-applicable = não aplicável
budget-rate-unknown = desconhecido
budget-direction-depense = Despesas
budget-direction-recette = Receitas
budget-section-fonctionnement = Funcionamento
budget-section-investissement = Investimento
budget-csv-errors = { $count ->
    [one] O ficheiro contém um erro; nada foi guardado.
   *[other] O ficheiro contém { $count } erros; nada foi guardado.
}
budget-csv-too-large = O ficheiro é demasiado grande (10 MB no máximo).
budget-csv-encoding = O ficheiro não está em UTF-8 nem em Windows-1252: guarde-o a partir da folha de cálculo no formato «CSV (separado por ponto e vírgula)» ou «CSV UTF-8».
budget-csv-empty = O ficheiro está vazio: é precisa pelo menos a linha de cabeçalho.
budget-csv-missing-column = Esta coluna falta na linha de cabeçalho.
budget-csv-column-order = As colunas não são as do modelo, pela sua ordem: exercice;document;section;sens;chapitre;article;paragraphe;libelle;source;prevision_initiale;modifications;prevision_definitive;engage;emis_mandate;recouvre_paye.
budget-csv-field-count = A linha tem { $found } células em vez de { $expected }.
budget-csv-required = Esta célula deve ser preenchida.
budget-csv-not-an-amount = Isto não é um montante (algarismos, espaços ou pontos entre os milhares).
budget-csv-not-whole = Os montantes são em unidades inteiras, sem cêntimos.
budget-csv-negative = Este montante não pode ser negativo (só as modificações podem).
budget-csv-mismatch = A previsão definitiva deve ser igual à previsão inicial mais as modificações, ou seja { $expected }.
budget-csv-document = Documento desconhecido: BP, BS, DM ou CA.
budget-csv-section = Secção desconhecida: fonctionnement ou investissement.
budget-csv-direction = Sentido desconhecido: recette ou depense.
budget-csv-year = O exercício deve ser um ano (por exemplo 2026).
budget-csv-other-year = Um ficheiro contém um só exercício; as linhas anteriores são de { $year }.
budget-csv-duplicate = Esta linha (mesmo documento, sentido e códigos) já figura na linha { $first }.
budget-csv-formula = Uma célula não pode começar por =, +, - ou @ (fórmula de folha de cálculo).
budget-csv-too-long = Texto demasiado longo ({ $max } caracteres no máximo).
budget-csv-control = A célula contém um carácter de controlo.
budget-csv-no-lines = O ficheiro não contém nenhuma linha de orçamento.
budget-csv-too-many-errors = Demasiados erros: a leitura parou. Verifique que se trata do modelo de orçamento.
