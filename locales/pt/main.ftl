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
