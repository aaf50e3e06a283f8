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
admin-login-too-many = Demasiadas tentativas falhadas a partir da sua ligação. Tente de novo dentro de 15 minutos.
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
field-attachment = Documento PDF, um ou vários (facultativo, no máximo { $mb } MB cada, { $max } por decisão)
invalid-attachment = O documento deve ser um ficheiro PDF de no máximo { $mb } MB.
invalid-attachments = Uma decisão tem no máximo { $max } documentos anexos.
invalid-attachments-total = Os documentos enviados juntos devem ter no máximo { $total } MB (cada um no máximo { $mb } MB); acrescente os outros editando a decisão.
invalid-reference-taken = Outra decisão do município já tem esta referência.
error-conflict = Esta ação já não é possível: a página mudou entretanto. Recarregue-a.
admin-settings = Definições do município
admin-federation = Federação
settings-name = Nome
settings-region = Região
settings-population = População
settings-logo = Endereço do logótipo (URL)
settings-description = Apresentação
settings-languages = Línguas de publicação (códigos separados por vírgulas: { $known })
settings-saved = Definições guardadas; os seguidores receberão o perfil atualizado.
settings-invalid = Um valor é inválido
fed-following = Contas seguidas
fed-accepted = aceite
fed-pending = à espera de aceitação
fed-unfollow = Deixar de seguir
fed-follow-label = Seguir uma conta (@nome@instância ou endereço):
fed-follow-sent = Pedido de seguimento enviado.
fed-unfollow-sent = Seguimento retirado.
fed-not-found = Conta não encontrada ou recusada pela configuração.
fed-failed = Ação impossível
fed-blocked = Instâncias bloqueadas para este município
fed-block-label = Bloquear uma instância para este município (nome do servidor):
fed-block-reason = Motivo (facultativo)
fed-block = Bloquear
fed-unblock = Desbloquear
fed-blocked-done = Instância bloqueada.
fed-unblocked-done = Instância desbloqueada.
fed-blocked-node = Bloqueadas para todo o nó pelo seu operador (só ele as pode desbloquear):
fed-not-blocked-here = Este município não bloqueou esta instância. Um bloqueio de todo o nó só pode ser levantado pelo operador do nó.
fed-bad-host = Nome de servidor inválido.
fed-health = Estado dos envios
fed-host = Servidor
health-state = Estado
health-ok = saudável
health-failing = em falha
health-dead = abandonado
health-pending = Pendentes
health-delivered = Entregues
health-failed = Falhados
health-refused = Recusados pelo servidor
admin-edit = editar
admin-edit-decision = Editar a decisão
admin-withdraw = Retirar a decisão
admin-withdraw-explain = A decisão deixa de ser publicada; os seguidores recebem a retirada.

## Decision form: Markdown help and preview
field-body-help = Formatação simples: **negrito**, *itálico*, listas começando por «-», títulos começando por «##», ligações [texto](https://…).
admin-preview = Pré-visualização
admin-preview-empty = O texto está vazio.
admin-preview-file = A pré-visualização não guarda o ficheiro PDF escolhido: escolha-o de novo antes de publicar.

## Staff invitations
invite-title = Convidar um membro
invite-explain = Crie uma ligação de convite e envie-a à pessoa (SMS, WhatsApp, correio eletrónico). Ela escolherá o seu nome de utilizador e a sua palavra-passe.
invite-button = Criar uma ligação de convite
invite-created = Ligação de convite criada. Copie-a agora: não voltará a ser mostrada.
invite-link = Ligação de convite
invite-link-help = Esta ligação serve uma única vez e expira dentro de { $days } dias.
invite-pending = Convites pendentes
invite-expires = expira a { $date }
invite-revoke = Anular o convite
invite-revoked = Convite anulado.
invite-gone = Esta ligação de convite já não é válida (já utilizada, anulada ou expirada). Peça uma nova ligação ao administrador da sua comuna.
invite-welcome = Bem-vindo(a)
invite-welcome-explain = Foi convidado(a) a juntar-se à equipa de { $commune } com a função: { $role }. Escolha o seu nome de utilizador e a sua palavra-passe.
invite-username-help = 2 a 40 caracteres: letras sem acentos, algarismos, ponto, hífen.
invite-accept = Criar a minha conta
admin-add-staff-explain = Ou crie diretamente uma conta e comunique a palavra-passe à pessoa.

## Settings: identity, logo, contact, legal information, time zone
settings-identity = Identidade
settings-timezone = Fuso horário das datas
settings-timezone-default = O do país ({ $zone })
settings-logo-title = Logótipo
settings-logo-current = Logótipo atual
settings-logo-upload = Novo logótipo (PNG, JPEG, WebP ou GIF, 2 MB no máximo; será reduzido a 96 píxeis)
settings-contact = Contacto
settings-email = Correio eletrónico
settings-phone = Telefone
settings-address = Morada da câmara municipal
settings-legal = Informações legais
settings-legal-help = Forma jurídica, texto de criação, responsável pela publicação…
invalid-logo = O logótipo deve ser uma imagem PNG, JPEG, WebP ou GIF de 2 MB no máximo.
invalid-contact_email = Indique um endereço de correio eletrónico válido (nome@dominio.gw).
invalid-contact_phone = Indique um número de telefone (algarismos, espaços, + - . ( )).
invalid-address = A morada é demasiado longa (300 caracteres no máximo).
invalid-legal_notice = As informações legais são demasiado longas (2000 caracteres no máximo).
invalid-timezone = Escolha um fuso horário da lista.
invalid-website = Indique um endereço web completo (https://…).
invalid-icon_url = Indique um endereço web completo (https://…) para o logótipo.
invalid-name = Indique um nome (120 caracteres no máximo).
invalid-region = A região é demasiado longa (120 caracteres no máximo).
invalid-description = A apresentação é demasiado longa (2000 caracteres no máximo).
invalid-languages = Indique códigos de língua conhecidos, separados por vírgulas.
invalid-population = A população deve ser um número inteiro positivo.
commune-contact = Contacto
commune-legal = Informações legais

## Amounts
field-amount = Montante comprometido, em { $currency } (facultativo, só algarismos)
decision-amount = Montante
invalid-amount = Indique um montante inteiro, em algarismos (por exemplo 12 500 000).

## One-time messages after a redirect
flash-published = Decisão publicada. Está a ser enviada aos seguidores da comuna.
flash-updated = Alterações guardadas e enviadas aos seguidores.
flash-withdrawn = Decisão retirada. Os seguidores são informados.
flash-signed-out = Sessão terminada.
flash-welcome = A sua conta foi criada. Bem-vindo(a) ao espaço do pessoal.

## Disabling staff accounts
staff-state = Acesso
staff-you = você
staff-disabled = desativado
staff-disable = Desativar
staff-disable-label = Desativar a conta { $name }
staff-disabled-done = Conta desativada: a pessoa já não pode entrar.
staff-disable-refused = Impossível: não pode desativar a sua própria conta nem o último administrador.

## Consultations
consultation-kind = Consulta
consultation-opens = Abre em { $date }
consultation-open-until = Aberta até { $date }
consultation-closed = Encerrada desde { $date }
consultation-results = Resultados
consultation-results-hidden = Os resultados serão publicados no encerramento.
consultation-option = Opção
consultation-fediverse = Fediverso
consultation-codes = Códigos
consultation-paper = Papel
consultation-total = Total
consultation-voters = Votantes: { $count }
consultation-per-thousand = ou seja { $rate } por 1 000 habitantes
consultation-chart = Resultados em barras
consultation-how-mastodon = Com uma conta Mastodon (ou outra conta do fediverso): siga { $handle } e responda à sondagem.
consultation-vote-code = Votar com um código
consultation-code = Código impresso no seu boletim
consultation-choice-one = A sua escolha (apenas uma)
consultation-choice-many = As suas escolhas (uma ou várias)
consultation-submit = Votar
consultation-voted = O seu voto foi registado. Obrigado!
code-malformed = Este código não tem a forma certa: tem 10 caracteres, por exemplo ACDEF-GH347.
code-unknown = Este código não existe. Verifique-o no seu boletim.
code-other = Este código é válido para outra consulta.
code-used = Este código já foi utilizado: cada código vale um só voto.
code-not-open = A consulta ainda não está aberta.
code-closed = A consulta está encerrada: os votos já não são recebidos.
code-no-codes = Esta consulta não se vota por código.
code-bad-choice = Escolha uma resposta (apenas uma se a consulta só permitir uma).
code-too-many = Demasiados códigos errados a partir desta ligação. Tente de novo dentro de um quarto de hora.

## Consultations in the staff area
admin-consultations = Consultas
admin-consultation-new = Nova consulta
admin-consultation-question = Pergunta feita aos habitantes
admin-consultation-description = Apresentação (Markdown, facultativo)
admin-consultation-options = Respostas possíveis, uma por linha (2 a 20, no máximo 50 caracteres)
admin-consultation-multiple = Várias respostas permitidas
admin-consultation-opens = Abertura (hora da comuna; vazio: já)
admin-consultation-closes = Encerramento (hora da comuna)
admin-consultation-channels = Como votar
admin-consultation-after-closing = Mostrar os resultados só no encerramento
admin-consultation-create = Criar a consulta
admin-consultation-created = Consulta criada. Será enviada aos seguidores na abertura.
admin-consultation-scheduled = Programada
admin-consultation-open = Aberta
admin-consultation-closed = Encerrada
admin-consultation-none = Ainda não há consultas.
admin-consultation-codes-used = { $used } códigos utilizados de { $issued }
admin-consultation-codes-count = Número de códigos a imprimir
admin-consultation-codes-make = Criar os códigos
admin-consultation-codes-sheet = Códigos de voto
admin-consultation-codes-once = Estes códigos só são mostrados uma vez: imprima-os ou descarregue-os agora.
admin-consultation-codes-csv = Descarregar os códigos (CSV)
admin-consultation-paper = Registar os boletins em papel de uma mesa
admin-consultation-place = Mesa de voto
admin-consultation-note = Observação (facultativo)
admin-consultation-paper-save = Registar a contagem
admin-consultation-paper-saved = Contagem registada. Qualquer correção fica no histórico.
admin-consultation-invalid = A consulta não foi criada:
admin-consultation-edit = Modificar
admin-consultation-save = Guardar as alterações
admin-consultation-saved = Consulta modificada. Os seguidores recebem a nova versão.
admin-consultation-not-saved = A consulta não foi modificada:
admin-consultation-fixed = Esta consulta já recebeu votos: a pergunta e as respostas já não mudam. Só a apresentação e um encerramento mais tardio podem ser modificados.
admin-consultation-later = depois do primeiro voto, o encerramento só pode ser adiado.
admin-consultation-is-closed = Esta consulta está encerrada: já não pode ser modificada.
invalid-consultation-title = indique um título (no máximo 200 caracteres).
invalid-consultation-question = indique a pergunta (no máximo 500 caracteres).
invalid-consultation-description = a apresentação é demasiado longa.
invalid-consultation-options = dê de 2 a 20 respostas diferentes, de no máximo 50 caracteres.
invalid-consultation-opens_at = a data de abertura não é válida.
invalid-consultation-closes_at = o encerramento deve ser depois da abertura e no futuro.
invalid-consultation-channels = escolha pelo menos uma forma de votar.
invalid-consultation-results = escolha de exibição dos resultados desconhecida.
invalid-consultation-language = língua desconhecida.
invalid-count = Indique um número de códigos entre 1 e 10 000.
invalid-counts = As contagens são números inteiros, a partir de 0.
invalid-place = Indique a mesa de voto.
invalid-channels = Esta consulta não se vota desta forma.
admin-consultation-paper-log = Histórico das contagens em papel
admin-consultation-before = Antes
admin-consultation-after = Depois
admin-consultation-by = Registado por

## Comments
comments-title = { $count ->
    [0] Comentários
    [one] 1 comentário
   *[other] { $count } comentários
}
comments-none = Ainda não há comentários. Para comentar, responda a esta publicação a partir de uma conta Mastodon ou de outro servidor do fediverso.
comments-next = Comentários seguintes
comments-previous = Comentários anteriores
comment-edited = editado
comment-by-commune = · resposta do município
admin-comments = Comentários
admin-comments-unanswered = { $count ->
    [0] Nenhum comentário à espera de resposta
    [one] 1 comentário à espera de resposta
   *[other] { $count } comentários à espera de resposta
}
admin-comments-none = Nada por agora.
admin-comments-answer-all = Ver e responder aos comentários
admin-comments-held = Comentários retidos (novos autores)
admin-comments-hidden = Comentários ocultados
admin-comment-in-thread = ver na conversa
admin-comment-answer-label = Resposta pública do município (o autor é mencionado e recebe-a nas suas notificações)
admin-comment-answer = Responder em nome do município
admin-comment-reason = Motivo
admin-comment-hide = Ocultar
admin-comment-restore = Restabelecer
admin-comment-approve = Aprovar
admin-moderation-log = Registo de moderação
admin-log-when = Quando
admin-log-who = Quem
admin-log-what = O quê
admin-log-why = Porquê
admin-log-hide = Ocultado
admin-log-restore = Restabelecido
admin-log-approve = Aprovado
flash-answered = Resposta publicada. Segue para o autor do comentário e para os seguidores do município.
flash-moderated = Moderação registada no registo.
invalid-text = Escreva uma resposta em texto simples, sem HTML, e não demasiado longa.
invalid-reason = Indique um motivo (500 caracteres no máximo).
admin-reports = { $count ->
    [0] Nenhuma denúncia por tratar
    [one] 1 denúncia por tratar
   *[other] { $count } denúncias por tratar
}
admin-report-from-server = Denúncia vinda do servidor de
admin-report-from-visitor = Denúncia de um visitante do site
admin-report-target = Objeto:
admin-report-resolve = Marcar como tratada
report-link = Denunciar este comentário
report-title = Denunciar um comentário
report-back = voltar à conversa
report-reason = Porque é que este comentário é um problema? (os moderadores do município lerão a sua mensagem)
report-send = Enviar a denúncia
report-filed = Obrigado. A sua denúncia foi transmitida aos moderadores do município.
report-too-many = Demasiadas denúncias enviadas a partir da sua ligação. Tente novamente dentro de uma hora.
invalid-report-reason = Explique em poucas palavras qual é o problema.
admin-block-summary = Bloquear o autor ou o seu servidor
admin-block-actor = Bloquear { $handle }
admin-block-instance = Bloquear todo o servidor { $host }
admin-blocks = Contas e servidores bloqueados
admin-blocks-help = O município recusa as suas atividades; as suas subscrições foram retiradas e os seus comentários ocultados.
admin-log-comment = o comentário
admin-log-block = Ocultado por um bloqueio
admin-comments-settings = Definições
admin-comments-hold = Reter os comentários de autores que o município ainda não conhece, até à aprovação por um moderador

## Requests
requests-register = Registo dos pedidos
requests-register-intro = Todos os pedidos de informação, reclamações e sugestões recebidos pelo município, com o prazo legal e a resposta dada. O nome e os contactos de quem pede nunca são publicados.
requests-ask = Fazer uma pergunta ao município
requests-none = Ainda não há pedidos.
requests-form-intro = O município deve responder-lhe num prazo de { $days } dias ({ $law }). Também pode fazer a sua pergunta a partir do Mastodon, mencionando o município.
requests-form-public = O assunto do seu pedido e a resposta do município serão públicos. O seu nome e contactos são facultativos e nunca serão publicados.
requests-send = Enviar o pedido
requests-too-many = Demasiados pedidos enviados a partir da sua ligação. Tente novamente dentro de uma hora.
requests-filed = Pedido { $reference } registado
requests-filed-due = O município deve responder até { $date }.
requests-follow-up = Acompanhar o seu pedido
requests-follow-up-once = Guarde esta ligação: só é mostrada uma vez. Permite-lhe ver o estado do pedido e ler a resposta.
requests-follow-up-private = Esta página é privada: só quem tem a ligação a pode ver.
request-reference = Referência
request-subject = Assunto
request-body = O seu pedido (facultativo)
request-name = O seu nome (facultativo, nunca publicado)
request-contact = Telefone ou e-mail (facultativo, nunca publicado)
request-kind = Natureza
request-status = Estado
request-received = Recebido em
request-due = Responder até
request-answered = Respondido em
request-days = Dias
request-days-n = { $count ->
    [0] no próprio dia
    [one] 1 dia
   *[other] { $count } dias
}
request-extension = Prorrogação
request-transferred-to = Transmitido a
request-refusal = Motivo da recusa
request-the-answer = Resposta do município
request-kind-information = Pedido de informação
request-kind-complaint = Reclamação
request-kind-suggestion = Sugestão
request-status-received = Recebido
request-status-acknowledged = Receção confirmada
request-status-extended = Prazo prorrogado
request-status-answered = Respondido
request-status-partially_answered = Parcialmente respondido
request-status-refused = Recusado
request-status-transferred = Transmitido
request-status-silence = Recusado (silêncio do município após o prazo legal)
refusal-national_security = Segurança nacional ou defesa
refusal-private_life = Proteção da vida privada
refusal-ongoing_proceedings = Processo judicial ou administrativo em curso
refusal-business_secret = Segredo comercial ou industrial
refusal-not_held = Informação que o município não detém
refusal-abusive = Pedido manifestamente abusivo
invalid-request-subject = Indique o assunto do pedido (200 caracteres no máximo, sem HTML).
invalid-request-body = O pedido é demasiado longo ou contém HTML.
invalid-request-name = O nome é demasiado longo ou contém HTML.
invalid-request-contact = Os contactos são demasiado longos ou contêm HTML.
admin-requests = Pedidos dos cidadãos
admin-requests-open = { $count ->
    [0] Nenhum pedido em curso
    [one] 1 pedido em curso
   *[other] { $count } pedidos em curso
} { $overdue ->
    [0] {""}
   *[other] ({ $overdue } em atraso)
}
admin-request-overdue = em atraso
admin-request-soon = prazo próximo
admin-request-who = Requerente (nunca publicado)
admin-request-anonymous = Anónimo
admin-request-answer-label = Resposta pública do município (publicada no registo; enviada ao requerente se escreveu a partir do fediverso)
admin-request-partial = Resposta parcial
admin-request-answer = Publicar a resposta
admin-request-other-steps = Outros passos
admin-request-acknowledge = Confirmar a receção
admin-request-extend-label = Motivo da prorrogação (prazo alargado a { $days } dias, uma única vez)
admin-request-extend = Prorrogar o prazo
admin-request-transfer-label = Entidade competente a quem transmitir
admin-request-transfer = Transmitir
admin-request-refuse = Recusar
admin-request-closed = Este pedido já está encerrado.
flash-request-updated = Pedido atualizado.
invalid-to = Indique a quem o pedido é transmitido.
invalid-extension = A lei só permite uma prorrogação, e apenas se estiver prevista.
admin-request-transfer-by = Se o município não for competente, a lei pede que o pedido seja transmitido até { $date }.
