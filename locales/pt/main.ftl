site-name = Palabre
site-tagline = O município publica o que decide, os cidadãos acompanham e participam.
nav-home = Início
nav-decisions = Decisões
footer-software = Com Palabre, software livre (AGPL-3.0)
language = Língua
skip-to-content = Ir para o conteúdo

home-title = Municípios publicados neste nó
home-empty = Ainda não há municípios publicados neste nó.
home-followers = { $count ->
    [0] nenhum seguidor
    [one] { $count } seguidor
   *[other] { $count } seguidores
}
home-latest = Última publicação: { $date }
home-no-activity = Ainda sem publicações

commune-population = População: { $count } habitantes
commune-website = Sítio web
commune-latest = Últimas decisões
commune-all-decisions = Todas as decisões
commune-feed = Feed Atom
follow-title = Seguir a partir do Mastodon ou do fediverso
follow-handle = Procure este endereço na sua aplicação:
follow-remote-label = Ou escreva o seu endereço (@você@instância):
follow-remote-button = Seguir
follow-remote-invalid = Endereço inválido: escreva-o como @nome@instancia.exemplo

decisions-title = Decisões de { $commune }
decisions-filter = Filtrar
decisions-search = Pesquisar
decisions-year = Ano
decisions-kind = Tipo
decisions-theme = Tema
decisions-status = Estado
decisions-any = Todos
decisions-none = Nenhuma decisão corresponde.
decisions-count = { $count ->
    [one] { $count } decisão
   *[other] { $count } decisões
}
page-of = Página { $page } de { $pages }
page-previous = Página anterior
page-next = Página seguinte

decision-session = Sessão de { $date }
decision-published = Publicada em { $date }
decision-updated = Atualizada em { $date }
decision-votes = Votos
vote-yes = A favor
vote-no = Contra
vote-abstain = Abstenções
vote-absent = Ausentes
decision-attachments = Documentos
attachment-size = PDF, { $size }
decision-permalink = Ligação permanente
decision-withdrawn = Esta decisão foi retirada.
decision-themes = Temas
content-language = Texto publicado em { $language }

error-not-found = Página não encontrada.
error-bad-request = Pedido inválido.
error-server = Ocorreu um erro. Tente novamente mais tarde.
error-page-beyond = Esta página não existe: a lista tem { $pages } página(s).
error-back-home = Voltar ao início

lang-fr = francês
lang-pt = português
lang-en = inglês
lang-wo = uólofe
lang-ff = fula
lang-ha = hauçá
lang-dje = zarma
error-unknown-language = Língua desconhecida
admin-title = Área do pessoal
admin-login = Entrar
admin-username = Identificador
admin-password = Palavra-passe
admin-login-button = Entrar
admin-login-wrong = Identificador ou palavra-passe incorretos.
admin-login-too-many = Demasiadas tentativas. Tente de novo dentro de 15 minutos.
admin-logout = Sair
admin-form-expired = Este formulário expirou ou não vem deste sítio. Recarregue a página e recomece.
admin-session-missing = A sua sessão expirou. Entre de novo.
admin-forbidden = A sua conta não permite esta ação.
admin-signed-in = Ligado como { $name } ({ $role })
admin-new-decision = Publicar uma decisão
admin-staff = Pessoal
admin-change-password = Mudar a palavra-passe
admin-current-password = Palavra-passe atual
admin-new-password = Nova palavra-passe (pelo menos 10 caracteres)
admin-password-changed = Palavra-passe alterada. Entre com a nova.
admin-save = Guardar
admin-publish = Publicar
admin-add-staff = Adicionar um membro
admin-role = Função
role-admin = administrador
role-editor = editor
role-moderator = moderador
admin-staff-added = Conta criada.
field-reference = Referência
field-kind = Tipo
field-title = Título
field-summary = Resumo
field-body = Texto (Markdown)
field-session-date = Data da sessão
field-status = Estado
field-themes = Temas (separados por vírgulas)
field-language = Língua do texto
form-errors = O formulário contém erros: corrija os campos assinalados.
invalid-reference = Indique uma referência (no máximo 64 caracteres).
invalid-kind = Escolha um tipo.
invalid-title = Indique um título (no máximo 200 caracteres).
invalid-summary = Indique um resumo (no máximo 1000 caracteres).
invalid-body = O texto é demasiado longo.
invalid-session_date = Indique uma data no formato AAAA-MM-DD.
invalid-status = Escolha um estado.
invalid-votes = Os votos são números inteiros positivos.
invalid-themes = No máximo 20 temas de 60 caracteres.
invalid-language = Escolha uma língua.
invalid-username = De 2 a 40 letras, algarismos, «.», «-» ou «_».
invalid-password = A palavra-passe deve ter pelo menos 10 caracteres.
invalid-role = Escolha uma função.
invalid-taken = Este identificador já está em uso.
field-attachment = Documento PDF (facultativo, no máximo { $mb } MB)
invalid-attachment = O documento deve ser um ficheiro PDF de no máximo { $mb } MB.
