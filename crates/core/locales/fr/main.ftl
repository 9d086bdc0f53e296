# Les pages de Handprint en français. Un message par ligne : `id = texte`.
lang-name = Français

skip-to-content = Aller au contenu
nav-label = Principal
nav-projects = Projets
nav-find-work = Trouver du travail
nav-my-work = Mon travail
nav-keys = Clés d'API
nav-sign-out = Se déconnecter
lang-switch = Langue

error-title-request = Cette demande n'a pas pu aboutir
error-title-forbidden = Non autorisé
error-title-not-found = Introuvable
error-title-conflict = Impossible pour le moment
error-title-internal = Une erreur est survenue
error-status = Statut { $status }
error-home = Retour à l'accueil
error-csrf = Ce formulaire n'est plus valable (ouvert dans une autre session, ou contrefait). Revenez en arrière, rechargez la page et envoyez-le à nouveau.
error-cross-site = Un autre site a tenté d'envoyer ce formulaire à votre place ; il a été refusé.
error-internal = Une erreur est survenue de notre côté. Elle a été enregistrée ; veuillez réessayer.
error-no-page = Il n'y a pas de page à cette adresse.
error-method = Cette adresse n'accepte pas ce type de requête.
form-has-errors = Certains champs sont à corriger : voir les messages ci-dessous.

field-email = Adresse e-mail
field-password = Mot de passe
field-name = Votre nom
field-country = Pays
field-organization = Organisation

signin-title = Se connecter
signin-lead = Des micro-tâches payées, par des demandeurs qui disent qui ils sont et à quoi servent les données.
signin-button = Se connecter
signin-wrong = Adresse e-mail ou mot de passe incorrect.
signin-no-account = Pas encore de compte ?
signin-forgot = Mot de passe oublié ?
signup-worker-link = S'inscrire pour travailler
signup-requester-link = S'inscrire comme demandeur
signup-title = Créer un compte
signup-role = Je veux
signup-role-worker = faire des tâches et être payé·e (travailleur·se)
signup-role-requester = publier des projets pour mon organisation (demandeur)
signup-password-hint = Au moins { $min } caractères.
signup-country-hint = Le pays où vous vivez.
signup-organization-hint = Demandeurs seulement : vos projets sont publiés sous ce nom.
signup-button = Créer mon compte
signup-have-account = Déjà un compte ?
signup-not-possible = Aucun compte ne peut être créé avec ces informations. Si cette adresse e-mail est la vôtre et a déjà un compte, connectez-vous avec elle ; sinon, utilisez-en une autre.

work-title = Trouver du travail
work-filters = Filtres
work-filter-language = Langue
work-filter-any = Toutes
work-filter-end-use = Usage final
work-filter-min-pay = Paie horaire minimale ({ $currency })
work-filter-no-sensitive = Masquer les projets au contenu sensible
work-filter-apply = Appliquer
work-empty = Aucun projet n'est ouvert pour le moment. Revenez plus tard.
work-empty-filtered = Aucun projet ouvert ne correspond à ces filtres.
work-none-left = Il n'y a plus de tâche pour vous dans ce projet pour le moment.
work-by = par { $org }
work-per-hour = de l'heure
work-reward-estimate = { $reward } par tâche · environ { $estimate }
work-flagged = Utilisé pour : { $uses }
work-sensitive = Peut montrer : { $kinds }
work-purpose = Objectif et usages
work-end-uses = Usages finaux : { $uses }
work-language = Langue : { $lang }
work-start = Commencer une tâche

task-instructions = Consignes
task-purpose = Objectif : { $purpose }
task-lease-left = { $count ->
    [one] Cette tâche vous est réservée encore environ { $count } minute.
   *[other] Cette tâche vous est réservée encore environ { $count } minutes.
}
task-lease-grace = { $count ->
    [one] Le temps est écoulé, mais votre réponse est encore acceptée pendant { $count } minute.
   *[other] Le temps est écoulé, mais votre réponse est encore acceptée pendant { $count } minutes.
}
task-too-late = Le temps pour répondre à cette tâche est terminé ; elle est retournée dans la file.
task-fix = Votre réponse n'a pas été acceptée :
task-submit = Envoyer la réponse
task-submit-stop = Envoyer et arrêter
task-keyboard-hint = Clavier : les chiffres choisissent une option, Entrée envoie.
task-skip = Passer cette tâche (gratuit)
task-stop = Arrêter
task-report = Signaler une tâche défectueuse
task-report-reason = Quel est le problème ?
task-report-note = Précisions (facultatif)
task-report-send = Signaler et passer
report-media-missing = L'image ou le son ne se charge pas
report-unclear = La tâche n'est pas claire
report-wrong-language = Mauvaise langue
report-offensive = Contenu choquant non déclaré
report-other = Autre chose
report-with-note = { $reason } : { $note }
task-queued = Vous êtes hors ligne : votre réponse est gardée sur cet appareil et sera envoyée au retour de la connexion.
task-sending = Envoi de votre réponse…
task-sent = Réponse envoyée.
task-image-alt = L'image de l'élément
task-choose-one = Choisissez une option
task-choose-between = Choisissez entre { $min } et { $max } options
task-rate = Choisissez un point de l'échelle
task-your-answer = Votre réponse
boxes-help = Glissez sur l'image pour tracer un cadre ; glissez un cadre pour le déplacer, son coin pour le redimensionner. Entre { $min } et { $max } cadres.
boxes-new-label = Étiquette des nouveaux cadres
boxes-label = Étiquette du cadre
boxes-box = Cadre
boxes-delete = Supprimer
boxes-need-js = Tracer des cadres nécessite JavaScript, désactivé dans ce navigateur.

history-title = Mon travail
history-today = Aujourd'hui
history-week = Cette semaine
history-answers = { $count ->
    [one] { $count } réponse
   *[other] { $count } réponses
}
history-note = Les durées sont mesurées par le serveur, du moment où une tâche vous est confiée jusqu'à l'arrivée de votre réponse. Jours et semaines en UTC.
history-empty = Pas encore de travail.
history-project = Projet
history-status = État
history-when = Quand
history-answer = Réponse
history-reward = Rémunération
history-time = Durée
history-hourly = De l'heure
state-leased = en cours
state-submitted = envoyée
state-returned = passée
state-expired = temps écoulé

projects-title = Projets
projects-new = Nouveau projet
projects-empty = Aucun projet pour l'instant : créez le premier.
projects-project = Projet
projects-status = État
projects-progress = Avancement
projects-reward = Rémunération
projects-hourly = De l'heure
projects-updated = Modifié
projects-answers-of = { $answers ->
    [one] { $answers } réponse sur { $expected }
   *[other] { $answers } réponses sur { $expected }
}
projects-items = { $count ->
    [one] { $count } élément
   *[other] { $count } éléments
}
pstate-draft = Brouillon
pstate-active = Actif
pstate-paused = En pause
pstate-completed = Terminé
pstate-cancelled = Annulé
action-publish = Publier
action-resume = Reprendre
action-pause = Mettre en pause
action-complete = Terminer
action-cancel = Annuler le projet

edit-new-title = Nouveau projet
edit-title = Modifier le projet
edit-about = Le projet
edit-field-title = Titre
edit-field-description = Description courte
edit-field-instructions = Consignes pour les travailleur·ses
edit-field-language = Langue des tâches
edit-language-hint = Un code de langue : en, fr, mg, es, hi…
edit-declarations = Déclarations (montrées avant d'accepter)
edit-field-purpose = Objectif
edit-purpose-hint = Pour qui sont les données et pourquoi, en une phrase ou plus.
edit-field-end-uses = Usages finaux
edit-field-sensitive = Contenu sensible montré
edit-sensitive-retired = { $category } (plus proposée sur cette instance : personne ne peut l'accepter, ses éléments ne sont donc pas attribués ; décochez-la)
edit-pay = Rémunération
edit-field-reward = Rémunération par réponse ({ $currency })
edit-field-estimate = Secondes estimées par réponse
edit-implied-pay = Paie horaire implicite :
edit-floor = (plancher : { $floor } { $currency } de l'heure)
edit-field-review-window = Délai de vérification (secondes)
edit-review-window-hint = Les réponses non vérifiées dans ce délai sont approuvées et payées : entre 3600 (une heure) et 604800 (sept jours).
edit-field-overlap = Réponses par élément
edit-field-lease = Secondes pendant lesquelles une tâche est réservée
edit-frozen = Le modèle, la rémunération et le nombre de réponses par élément ne changent plus une fois le projet publié.
edit-template = L'apparence d'une tâche
edit-field-kind = Type de tâche
edit-field-question = Question
edit-field-options = Options
edit-options-hint = Une par ligne : « valeur | Libellé », ou seulement le libellé.
edit-field-min-selected = Au moins
edit-field-max-selected = Au plus
edit-field-media = Média à montrer
edit-media-none = Aucun
edit-media-audio = Audio (transcription)
edit-media-image = Image
edit-field-media-field = Champ de l'élément contenant l'adresse du média
edit-field-max-length = Réponse la plus longue (caractères)
edit-field-multiline = Réponses sur plusieurs lignes
edit-field-rating-min = Point le plus bas
edit-field-rating-max = Point le plus haut
edit-field-rating-labels = Libellés de certains points
edit-rating-labels-hint = Un par ligne : « 1 = Mauvais ».
edit-field-image-field = Champ de l'élément contenant l'adresse de l'image
edit-field-box-labels = Étiquettes des cadres (une par ligne)
edit-field-min-boxes = Au moins (cadres)
edit-field-max-boxes = Au plus (cadres)
edit-save = Enregistrer
edit-cancel = Annuler
edit-preview = Aperçu
edit-preview-hint = La tâche telle qu'un·e travailleur·se la verra, avec votre premier élément s'il existe.
preview-no-kind = Choisissez un type de tâche pour voir un aperçu.
kind-single_choice = Choix unique
kind-multi_choice = Choix multiple
kind-text = Texte libre ou transcription
kind-rating = Échelle de notation
kind-bounding_boxes = Cadres de délimitation
kind-form = Formulaire

enduse-search = Recherche
enduse-content-moderation = Modération de contenu
enduse-autonomous-driving = Conduite autonome
enduse-medical = Médical
enduse-biometric-identification = Identification biométrique
enduse-surveillance = Surveillance
enduse-military = Militaire
enduse-research = Recherche scientifique
enduse-language-models = Modèles de langue
enduse-accessibility = Accessibilité
enduse-other = Autre
sensitive-violence = Violence
sensitive-sexual = Contenu sexuel
sensitive-hate = Haine
sensitive-self-harm = Automutilation
sensitive-none = Aucun

project-fix = Modifier le projet
project-edit = Modifier
project-browse = Parcourir les réponses
project-declarations = Déclarations et conditions
upload-title = Ajouter des éléments
upload-file = Fichier CSV, JSONL ou JSON
upload-hint = Une ligne d'en-tête pour le CSV. external_id et known_answer sont réservés ; les lignes déjà envoyées (même external_id) sont ignorées.
upload-button = Envoyer
upload-unreadable = Le fichier n'a pas pu être lu ; réessayez.
upload-empty = Choisissez un fichier à envoyer.
upload-result = { $created ->
    [one] { $created } élément ajouté
   *[other] { $created } éléments ajoutés
}, { $skipped ->
    [one] { $skipped } déjà présent
   *[other] { $skipped } déjà présents
}
upload-errors = { $count ->
    [one] { $count } ligne refusée
   *[other] { $count } lignes refusées
}
upload-line = Ligne { $line } :

monitor-title = Suivi
monitor-complete = terminés
monitor-workers = travailleur·ses
monitor-live = tâches en cours
monitor-last-hour = réponses dans la dernière heure
monitor-median-vs = durée médiane mesurée (estimation { $estimate })
monitor-measured-hourly = de l'heure à la durée médiane mesurée
monitor-agreement = { $count ->
    [one] d'accord entre travailleur·ses ({ $count } élément)
   *[other] d'accord entre travailleur·ses ({ $count } éléments)
}
monitor-rate = Réponses par heure, dernières 24 heures
monitor-rate-summary = { $count ->
    [one] { $count } réponse dans les dernières 24 heures
   *[other] { $count } réponses dans les dernières 24 heures
}
monitor-24h-ago = il y a 24 h
monitor-now = maintenant
monitor-times = Durée mesurée par réponse
monitor-time-summary = Durée médiane mesurée { $median }, estimation { $estimate }
monitor-median-short = médiane
monitor-estimate-short = estimation
monitor-reports = { $count ->
    [one] { $count } signalement de tâche défectueuse
   *[other] { $count } signalements de tâches défectueuses
}
download-title = Télécharger les résultats
download-answers-csv = Toutes les réponses (CSV)
download-labels-csv = Étiquettes agrégées (CSV)

answers-title = Réponses
answers-method = Agrégées avec { $method }.
answers-empty = Pas encore d'éléments.
answers-item = Élément { $id }
answers-label = Étiquette :
answers-known = Réponse connue : { $answer }
answers-none-yet = Pas encore de réponse.
answers-worker = Travailleur·se
answers-next = Éléments suivants →

keys-title = Clés d'API
keys-lead = Pour les scripts et la ligne de commande : envoyez une clé comme « Authorization: Bearer … ».
keys-shown-once = Copiez cette clé maintenant : elle n'est montrée qu'une fois.
keys-label = Nom
keys-create = Créer une clé
keys-prefix = Clé
keys-created = Créée
keys-status = État
keys-revoke = Révoquer
keys-revoked = révoquée le { $when }
account-security = Mot de passe et sessions
account-current-password = Mot de passe actuel
account-new-password = Nouveau mot de passe (au moins 10 caractères)
account-change-password = Changer mon mot de passe
account-password-changed = { $count ->
    [one] Votre mot de passe est changé ; { $count } autre session a été déconnectée.
   *[other] Votre mot de passe est changé ; { $count } autres sessions ont été déconnectées.
}
account-signout-everywhere-lead = Déconnecte tous les navigateurs où ce compte est connecté, celui-ci compris. Les clés d'API restent valables : révoquez-les ci-dessus.
account-signout-everywhere = Se déconnecter partout
keys-expires = Fin
keys-never = jamais (créée avant que les clés aient une fin)
keys-password = Votre mot de passe (une nouvelle clé agit en votre nom, il est donc redemandé)
keys-password-wrong = Ce n'est pas votre mot de passe : aucune clé n'a été créée.

# Pages de l'argent
nav-earnings = Gains
nav-funds = Fonds
nav-disputes = Contestations
nav-operator = Dépôts et grand livre
nav-payouts = Versements

history-review = Vérification
review-pending = En attente de vérification
review-approved = Approuvée
review-rejected = Refusée
review-disputed = Contestée
review-reversed = Refus retiré
review-overturned = Refus annulé : payée
review-upheld = Refus confirmé
review-rejected-final = Refusée (définitif)
review-auto-by = approuvée automatiquement le { $when } sans vérification
review-reason = Motif :
reason-instructions_not_followed = une consigne clairement énoncée n'a pas été suivie
reason-failed_control_items = échec sur des éléments de contrôle à réponse connue
reason-empty_or_nonsensical = réponse vide ou incohérente
reason-duplicate_answer = doublon d'une autre réponse
dispute-decision = Décision :
dispute-open = Contester ce refus (jusqu'au { $when })
dispute-message = Pourquoi le refus est injustifié
dispute-hint = Le demandeur peut retirer son refus ; sinon un opérateur tranche sous 7 jours, avec votre message et le sien. Une contestation non tranchée est payée.
dispute-button = Envoyer la contestation
dispute-sent = Votre contestation est envoyée. La décision apparaîtra ici.

earnings-title = Gains
earnings-available = Disponible
earnings-available-hint = À vous, prêt à être versé. Les soldes n'expirent jamais.
earnings-pending = Versement en cours
earnings-pending-hint = Demandé, pas encore envoyé par un opérateur.
earnings-paid-out = Déjà versé
earnings-earned = Gagné au total : { $amount }
earnings-under-review = en vérification : { $amount }
earnings-approved = { $count ->
    [one] { $count } réponse approuvée
   *[other] { $count } réponses approuvées
}
earnings-rejections = { $count ->
    [one] { $count } refus compté
   *[other] { $count } refus comptés
}
earnings-rejections-open = { $count ->
    [one] { $count } refus encore contestable (non compté)
   *[other] { $count } refus encore contestables (non comptés)
}
payout-title = Demander un versement
payout-hint = Les versements commencent à { $threshold } { $currency } ; un opérateur envoie l'argent et le marque comme versé.
payout-under = Les versements commencent à { $threshold } { $currency } ; vous avez { $available } { $currency }. Redemandez quand votre solde l'atteindra : les soldes n'expirent jamais.
payout-amount = Montant ({ $currency })
payout-destination = Où l'envoyer
payout-button = Demander le versement
payout-list = Vos versements
payout-asked-already = Ce versement avait déjà été demandé depuis ce formulaire : rien de plus n'a été pris sur votre solde.
payout-asked = Versement demandé : il reste en attente jusqu'à ce qu'un opérateur l'envoie.
payout-requested = demandé
payout-paid = versé
payout-failed = échoué
payout-done-paid = Marqué comme versé.
payout-done-failed = Marqué comme échoué : l'argent est de nouveau disponible pour la personne.

statement-title = Relevé
statement-empty = Aucun mouvement d'argent pour l'instant.
statement-what = Quoi
statement-origin = Origine
statement-account = Solde
statement-amount = Montant
statement-memo = Note
statement-csv = Télécharger le relevé (CSV)
line-deposit = dépôt
line-escrow = mis sous séquestre pour un projet
line-release = libéré du séquestre
line-rejection-settled = réponse refusée soldée
line-approval = réponse approuvée
line-topup = complément au salaire plancher
line-bonus = prime
line-payout-requested = versement demandé
line-payout-paid = versement envoyé
line-payout-failed = versement échoué
account-available = disponible
account-escrow = séquestre
account-pending-payout = versement en cours
account-paid-out = versé
account-platform-fees = frais de plateforme
account-external-deposits = dépôts externes
account-unknown = autre

review-title = Vérifier les réponses
review-lead = Approuver paie tout de suite. Refusez seulement pour un des motifs de la liste, avec un message utile à la personne ; une réponse d'accord avec l'étiquette agrégée de l'élément ne peut pas être refusée. Les réponses non vérifiées sont approuvées à la fin du délai de vérification.
notices-title = Avis sur ce projet
review-show-pending = En attente
review-show-all = Toutes les réponses
review-empty = Aucune réponse n'attend de vérification.
review-bulk-title = Plusieurs à la fois
review-bulk-hint = Cochez des réponses ci-dessous, choisissez une action et appliquez-la à chaque réponse cochée.
review-action = Action
review-approve = Approuver
review-reject = Refuser
review-bonus = Prime
review-bulk-details = Motif et message (refus), montant et message (prime)
review-message = Message à la personne (au moins 50 caractères)
review-message-hint = Dites ce qui n'allait pas et où, pour qu'elle puisse mieux faire la prochaine fois.
review-bonus-amount = Prime ({ $currency }, les frais de plateforme s'y ajoutent)
review-bonus-message = Message avec la prime
review-bulk-go = Appliquer aux réponses cochées
review-pick-some = Cochez d'abord au moins une réponse.
review-done = { $count ->
    [one] Fait pour { $count } réponse.
   *[other] Fait pour { $count } réponses.
}
review-bonus-already = { $count ->
    [one] La prime sur { $count } réponse avait déjà été versée depuis ce formulaire : rien n'a été versé une seconde fois.
   *[other] Les primes sur { $count } réponses avaient déjà été versées depuis ce formulaire : rien n'a été versé une seconde fois.
}
rstate-pending = en attente
rstate-approved = approuvée
rstate-rejected = refusée (contestable)
rstate-rejection-final = refusée (définitif)
rstate-overturned = refus annulé
project-review = Vérifier les réponses

disputes-title = Contestations
disputes-lead-operator = Contestations à trancher : lisez les deux parties et la réponse, puis annulez le refus (la personne est payée en entier) ou confirmez-le (le refus devient définitif). Une contestation non tranchée sous 7 jours est annulée.
disputes-lead-requester = Des personnes contestent un refus sur vos projets. Retirez le refus pour payer la réponse en entier ; sinon un opérateur tranche.
disputes-empty = Aucune contestation ici.
dispute-opened = ouverte le { $when }
dispute-decide-by = tranchée au plus tard le { $when }
dispute-answer = Réponse :
dispute-requester-side = Le demandeur
dispute-worker-side = La personne
dispute-operator-message = Votre raisonnement (montré aux deux parties)
dispute-overturn = Annuler le refus : payer
dispute-uphold = Confirmer le refus
dispute-reverse-message = Un mot à la personne (facultatif)
dispute-reverse = Retirer le refus
dispute-done-reversed = Refus retiré : la réponse est payée.
dispute-done-overturned = Refus annulé : la personne est payée en entier.
dispute-done-upheld = Refus confirmé : il est définitif.
dstate-open = ouverte
dstate-overturned = refus annulé
dstate-upheld = refus confirmé
dstate-reversed = retirée par le demandeur

funds-title = Fonds
funds-available = Disponible
funds-available-hint = Engagé dans aucun projet.
funds-escrow = Sous séquestre
funds-escrow-hint = Réservé au travail ouvert : récompenses, frais et réserve de compléments.
funds-deposits = Dépôts
funds-spend = Payé aux personnes
funds-fees = Frais de plateforme ({ $percent } %)
funds-deposit-title = Ajouter de l'argent
funds-deposit-how = Faites un virement bancaire ou mobile en indiquant cet identifiant d'organisation ; un opérateur l'enregistre et il apparaît ici.
funds-escrow-per-project = Séquestre par projet

operator-title = Dépôts et grand livre
ledger-title = Vérification du grand livre
ledger-ok = Le grand livre est équilibré : { $accounts ->
    [one] { $accounts } compte
   *[other] { $accounts } comptes
}, { $transfers ->
    [one] { $transfers } transfert
   *[other] { $transfers } transferts
}.
ledger-problems = { $count ->
    [one] { $count } problème dans le grand livre :
   *[other] { $count } problèmes dans le grand livre :
}
deposit-title = Enregistrer un dépôt
deposit-hint = L'argent envoyé par une organisation. La même référence deux fois est un seul dépôt.
deposit-organization = Organisation
deposit-reference = Référence du virement
deposit-button = Enregistrer le dépôt
deposit-recorded = { $amount } enregistré ; l'organisation a maintenant { $available } disponible.
deposit-repeated = Cette référence était déjà enregistrée ({ $amount }) : rien n'a changé. Disponible : { $available }.
platform-title = Totaux de la plateforme
pkind-org-available = Organisations, disponible
pkind-escrow = Séquestre
pkind-worker-available = Personnes, disponible
pkind-worker-pending = Personnes, versement en cours
pkind-paid-out = Versé aux personnes
pkind-platform-fees = Frais de plateforme
pkind-external-deposits = Argent reçu de l'extérieur (dépôts bancaires et mobiles)
pkind-external-deposits-hint = Négatif à dessein : chaque dépôt est pris sur ce compte et ajouté au solde d'une organisation, pour que tous les soldes fassent zéro ensemble. Sans son signe moins, c'est l'argent qui est entré.
payouts-title = Versements
payouts-csv = Télécharger le lot (CSV)
payouts-empty = Aucun versement dans cet état.
payouts-reference = Référence du virement envoyé
payouts-mark-paid = Marquer versé
payouts-mark-failed = Marquer échoué
payouts-failed-reason = Pourquoi il a échoué (la personne le lit)
# Messages du domaine par code (`code` de FieldProblem / AnswerError), avec leurs arguments nommés.
problem-too-long = { $max } caractères au plus
problem-title-missing = un projet a besoin d'un titre
problem-title-empty = ne doit pas être vide
problem-purpose-short = la finalité doit tenir en au moins une phrase disant à qui sont destinées les données et pourquoi (20 caractères et 4 mots au moins)
problem-end-use-unknown = « { $item } » n'est pas un usage final connu ; choisissez parmi : { $choices }
problem-sensitive-unknown = « { $item } » n'est pas une catégorie connue ; choisissez parmi : { $choices }
problem-sensitive-name = « { $item } » n'est pas un nom de catégorie : lettres minuscules et chiffres, mots reliés par « - » (par exemple « animal-cruelty »), ou « none »
problem-sensitive-none-combined = « none » ne peut pas être combiné avec d'autres catégories
problem-reward-zero = la rémunération doit être supérieure à zéro
problem-estimate-range = doit être compris entre 1 et 86400 secondes
problem-answers-range = doit être compris entre 1 et { $max }
problem-lease-range = doit être compris entre 30 et 86400 secondes
problem-language-tag = doit être une étiquette de langue comme « en », « fr » ou « mg »
problem-review-window = doit être compris entre { $min } (une heure) et { $max } (sept jours) secondes
problem-instructions-missing = les personnes ont besoin de consignes : dites ce qu'est une bonne réponse
problem-template-missing = choisissez un modèle : ce qu'une tâche montre et ce qu'est une réponse
problem-purpose-missing = déclarez la finalité : à qui sont destinées les données et pourquoi
problem-end-uses-missing = déclarez au moins un usage final des données
problem-sensitive-missing = déclarez les contenus sensibles que les personnes verront, ou « none »
problem-reward-missing = fixez la rémunération par réponse
problem-estimate-missing = estimez combien de secondes prend une réponse
problem-pay-floor = une rémunération de { $reward } pour { $seconds } secondes paie { $rate } de l'heure, sous le plancher de { $floor } de l'heure de cette instance : portez la rémunération à au moins { $needed }
answer-unknown-key = clé inconnue « { $key } » ; envoyez la valeur choisie comme texte ou sous la forme { "{" }"value": …{ "}" }
answer-value-not-string = la valeur choisie doit être un texte, pas { json-type }
answer-value-missing = la valeur choisie manque
answer-not-one-option = la réponse doit être la valeur d'une option, en texte ({ $choices }), pas { json-type }
answer-not-option-list = la réponse doit être une liste de valeurs d'options ({ $choices }), pas { json-type }
answer-item-not-string = chaque valeur sélectionnée doit être un texte, pas { json-type }
answer-selected-twice = « { $value } » est sélectionné deux fois
answer-select-at-least = sélectionnez au moins { $min } des options ({ $count } choisies)
answer-select-at-most = sélectionnez au plus { $max } des options ({ $count } choisies)
answer-not-an-option = « { $value } » n'est pas l'une des options ; choisissez parmi { $choices }
answer-rating-not-number = la note doit être un nombre de { $min } à { $max }, pas { json-type }
answer-rating-not-whole = la note doit être un nombre entier (reçu : { json-value })
answer-rating-range = la note doit aller de { $min } à { $max } (reçu : { $value })
answer-not-text = la réponse doit être un texte, pas { json-type }
answer-text-empty = la réponse est vide ; écrivez un texte
answer-text-too-long = le texte fait { $length } caractères ; raccourcissez-le à { $max } au plus
answer-text-one-line = le texte doit tenir sur une seule ligne ; retirez les retours à la ligne
err-reject-reason-missing = un refus a besoin d'un motif : choisissez-en un
refusal-insufficient-funds = Il manque { $missing } au solde disponible de l'organisation ; un opérateur doit enregistrer un dépôt, puis réessayez.
answer-form-not-object = la réponse doit être un objet avec les champs du formulaire ({ $fields }), pas { json-type }
answer-form-unknown-field = champ inconnu « { $field } » ; ce formulaire a : { $fields }
answer-form-required = « { $label } » est obligatoire
answer-form-not-text = « { $label } » doit être un texte, pas { json-type }
answer-form-not-number = « { $label } » doit être un nombre (reçu : { json-value })
answer-form-not-whole = « { $label } » doit être un nombre entier (reçu : { $value })
answer-form-at-least = « { $label } » doit valoir au moins { $min } (reçu : { $value })
answer-form-at-most = « { $label } » doit valoir au plus { $max } (reçu : { $value })
answer-form-not-option = « { $label } » doit être la valeur d'une option, en texte, pas { json-type }
answer-boxes-at-least = tracez au moins { $min } cadres ({ $count } tracés)
answer-boxes-at-most = tracez au plus { $max } cadres ({ $count } tracés)
answer-box-coordinate-missing = le « { $key } » du cadre manque
answer-box-coordinate-not-number = le « { $key } » du cadre doit être un nombre, pas { json-type }
answer-box-coordinate-positive = le « { $key } » du cadre doit être supérieur à 0 (reçu : { $value })
answer-box-coordinate-negative = le « { $key } » du cadre doit être positif ou nul (reçu : { $value })
answer-box-past-right = le cadre dépasse le bord droit de l'image (x + w = { $right }, largeur de l'image { $width })
answer-box-past-bottom = le cadre dépasse le bord inférieur de l'image (y + h = { $bottom }, hauteur de l'image { $height })
answer-box-label-unknown = « { $label } » n'est pas l'une des étiquettes ; utilisez { $labels }
answer-box-label-missing = l'étiquette du cadre manque
err-reject-message-short = écrivez au moins { $min } caractères utiles à la personne ({ $count } écrits) : dites ce qui n'allait pas et où
err-reject-message-long = { $max } caractères au plus

# Refusals of the API and the store (AppError / StoreError messages by code).
err-invalid-field = la requête a un champ invalide
err-json-fields = le corps JSON n'a pas les champs attendus : { $why }
err-json-syntax = le corps n'est pas du JSON valide : { $why }
err-json-content-type = envoyez le corps en JSON avec l'en-tête Content-Type: application/json
err-not-offered = { $param } « { $value } » n'est pas proposé : utilisez { $choices }
err-not-found = introuvable
err-not-found-project = Ce projet n'existe pas, ou vous ne pouvez pas le voir.
err-not-found-assignment = Cette tâche n'existe pas, ou ce n'est pas la vôtre.
err-not-found-task = Cet élément n'existe pas.
err-not-found-payout = Ce versement n'existe pas.
err-not-found-user = Ce compte n'existe pas.
err-not-found-organization = Cette organisation n'existe pas.
err-not-found-dispute = Cette contestation n'existe pas, ou vous ne pouvez pas la voir.
err-duplicate = { $field } est déjà pris
err-transfer-refused = mouvement refusé : { $why }
err-api-nothing-here = il n'y a rien à { $path } ; l'API est décrite à /api/openapi.json
err-method-not-allowed = { $method } n'est pas permis sur { $path }
err-requesters-only = seuls les comptes de demandeurs (membres d'une organisation) peuvent faire cela
err-role-needed = il faut un compte { $needed ->
    [worker] de travailleur
    [requester] de demandeur
    [operator] d'opérateur
   *[other] { $needed }
} ; vous êtes connecté avec un compte { $role ->
    [worker] de travailleur
    [requester] de demandeur
    [operator] d'opérateur
   *[other] { $role }
}
err-auth-missing = envoyez une clé d'API dans 'Authorization: Bearer <clé>' (créez-en une avec POST /api/v1/api-keys)
err-auth-unreadable = l'en-tête Authorization n'est pas du texte lisible
err-auth-key-unknown = cette clé d'API est inconnue ou révoquée
err-password-current-wrong = ce n'est pas le mot de passe actuel du compte
err-auth-key-expired = cette clé d'API a expiré le { $when } ; créez-en une nouvelle avec POST /api/v1/api-keys
err-key-days = une clé dure de 1 à { $max } jours, pas { $days } : donnez expires_in_days dans cet intervalle, ou omettez-le pour la valeur par défaut de l'instance
err-auth-scheme = utilisez 'Authorization: Bearer <clé>'
err-auth-basic-needed = envoyez votre e-mail et votre mot de passe par l'authentification HTTP Basic
err-auth-basic-base64 = les identifiants Basic ne sont pas du base64 valide de 'email:mot de passe'
err-auth-basic-form = les identifiants Basic doivent être 'email:mot de passe'
err-auth-wrong = e-mail ou mot de passe incorrect
err-auth-basic-here = l'authentification HTTP Basic (e-mail et mot de passe) n'est acceptée que par POST /api/v1/api-keys : créez-y une clé, puis envoyez-la dans 'Authorization: Bearer <clé>'
err-signin-throttled = { $count ->
    [one] trop de connexions échouées ; réessayez dans { $count } seconde
   *[other] trop de connexions échouées ; réessayez dans { $count } secondes
}
err-signin-busy = le serveur vérifie trop de mots de passe à la fois ; réessayez dans quelques secondes
err-signup-invalid = le formulaire d'inscription a des champs invalides
err-signup-email-taken = un compte avec l'e-mail { $email } existe déjà ; connectez-vous plutôt
err-key-request = le corps n'est pas une demande de clé valide : { $why }
err-key-not-found = aucune clé d'API active avec cet identifiant ne vous appartient
err-work-request = le corps n'est pas une demande de travail valide : { $why }
err-answer-does-not-fit = la réponse ne correspond pas à la tâche
err-idempotency-key-reused = la clé d'idempotence « { $key } » a déjà servi à un autre mouvement d'argent ; rien n'a été déplacé
err-idempotency-key-length = doit faire de 1 à 200 caractères
err-submit-different-answer = cette tâche a déjà été envoyée avec une autre réponse ; une réponse envoyée ne peut plus être changée
err-submit-returned = vous avez rendu cette tâche, elle ne peut donc plus être envoyée
err-submit-too-late = le temps de cette tâche a pris fin à { $ended } et le délai de grâce pour les réponses tardives à { $closed } ; elle ne peut plus être envoyée
err-return-submitted = cette tâche a déjà été envoyée ; elle ne peut pas être rendue
err-project-invalid = le projet a des champs invalides
err-project-active-incomplete = un projet actif doit garder ses déclarations complètes
err-project-publish-problems = le projet ne peut pas être publié tant que ces points ne sont pas corrigés
err-project-changed = le projet a changé d'état entre-temps ; rechargez-le et réessayez
err-project-not-editable = un projet { $state ->
    [draft] en brouillon
    [active] actif
    [paused] en pause
    [completed] terminé
    [cancelled] annulé
   *[other] { $state }
} ne peut plus être modifié
err-project-frozen = { $fields } ne peut plus changer une fois le projet publié (les travailleurs ont accepté ses tâches à ces conditions) ; créez plutôt un nouveau projet
err-project-transition = un projet { $state ->
    [draft] en brouillon
    [active] actif
    [paused] en pause
    [completed] terminé
    [cancelled] annulé
   *[other] { $state }
} ne peut pas être { $action ->
    [published] publié
    [resumed] repris
    [paused] mis en pause
    [completed] terminé
    [cancelled] annulé
   *[other] { $action }
}
err-tasks-state = un projet { $state ->
    [draft] en brouillon
    [active] actif
    [paused] en pause
    [completed] terminé
    [cancelled] annulé
   *[other] { $state }
} ne prend plus de nouveaux éléments
err-upload-unreadable = le fichier n'a pas pu être lu après { $stored ->
    [one] { $stored } ligne enregistrée
   *[other] { $stored } lignes enregistrées
} : { $why }
err-upload-too-large = le fichier dépasse ce que cette instance accepte ({ $max } octets) ; { $stored ->
    [one] { $stored } ligne a été enregistrée
   *[other] { $stored } lignes ont été enregistrées
} avant la limite — découpez le fichier et envoyez la suite (les lignes avec un external_id déjà envoyées sont ignorées)
err-upload-unfunded = { $stored ->
    [one] { $stored } élément a été enregistré et son paiement mis sous séquestre
   *[other] { $stored } éléments ont été enregistrés et leur paiement mis sous séquestre
} ; { $next ->
    [one] { $next } élément suivant demande
   *[other] les { $next } suivants demandent
} plus de séquestre que le solde disponible de l'organisation (un opérateur doit enregistrer un dépôt), puis renvoyez le fichier : les éléments déjà enregistrés sont ignorés
err-labels-no-template = le projet n'a pas encore de modèle, il n'a donc aucune réponse à agréger
err-labels-form = les réponses d'un formulaire ont plusieurs champs et ne sont pas agrégées ; téléchargez plutôt les réponses
err-labels-wrong-method = « { $method } » ne s'applique pas aux réponses { $kind } ; utilisez { $offered }
err-labels-unknown-method = « { $method } » n'est pas une méthode pour les réponses { $kind } : utilisez { $offered }
err-labels-gold = les éléments de contrôle ne peuvent pas servir : { $why }
err-labels-gold-mv = gold-mv a besoin d'éléments de contrôle (envoyés avec un known_answer) auxquels des travailleurs ont répondu
err-labels-failed = l'agrégation par { $method } a échoué : { $why }
err-reject-incomplete = le refus est incomplet
err-reject-agrees = cette réponse s'accorde avec l'étiquette agrégée de l'élément (vote majoritaire de ses réponses) : elle ne peut donc pas être refusée
problem-reject-reason-unknown = « { $reason } » n'est pas un motif de refus ; choisissez parmi : { $all }
problem-note-empty = ne doit pas être vide
err-review-not-submitted = cette tâche est { $state ->
    [leased] en cours
    [returned] rendue
    [expired] expirée
   *[other] { $state }
}, pas envoyée : il n'y a aucune réponse à examiner
err-answer-already = cette réponse est déjà { $state ->
    [approved] approuvée
    [rejected] refusée
    [rejection_final] définitivement refusée
    [overturned] payée après contestation
   *[other] { $state }
}
err-answer-not-rejected = cette réponse n'a pas été refusée
err-answer-already-paid = cette réponse a déjà été payée
err-bonus-not-submitted = une prime accompagne une réponse envoyée
err-report-reason = « { $value } » n'est pas un motif de signalement d'une tâche : utilisez l'un de { $choices }
err-report-note-long = la note fait { $length } caractères ; raccourcissez-la à { $max } au plus
err-signup-organization-taken = une organisation nommée « { $name } » (ou si semblable qu'on les confondrait : les mêmes lettres aux majuscules, à la largeur et aux espaces près) existe déjà : choisissez un nom à vous
problem-name-invisible = ne doit pas contenir de caractère invisible ou qui change le sens d'écriture (trouvé { $code }) : saisissez le nom en texte simple
err-bonus-over-cap = une réponse peut recevoir au plus { $cap } de primes au total (le max_bonus_per_answer de l'instance) ; celle-ci a déjà reçu { $paid }, il reste donc au plus { $left } à verser
err-draft-quota-items = les projets non publiés de votre organisation peuvent contenir au plus { $limit } éléments à eux tous (max_draft_items_per_org de l'instance) ; ils en contiennent { $used }, et le lot suivant de cet envoi en ajouterait { $adding } : il n'a donc pas été enregistré (les lots précédents l'ont été). Publiez un brouillon pour faire de la place (les éléments des projets publiés sont payés et ne comptent plus), puis renvoyez le même fichier : les éléments déjà enregistrés sont ignorés
err-draft-quota-bytes = les projets non publiés de votre organisation peuvent contenir au plus { $limit } octets de données d'éléments à eux tous (max_draft_mb_per_org de l'instance) ; ils en contiennent { $used }, et le lot suivant de cet envoi en ajouterait { $adding } : il n'a donc pas été enregistré (les lots précédents l'ont été). Publiez un brouillon pour faire de la place (les éléments des projets publiés sont payés et ne comptent plus), puis renvoyez le même fichier : les éléments déjà enregistrés sont ignorés
err-review-filter = review=« { $value } » n'est pas proposé : utilisez pending ou all
err-review-too-many = examinez au plus { $max } réponses par requête
err-dispute-exists = ce refus est déjà contesté
err-dispute-not-rejected = seule une réponse refusée peut être contestée
err-dispute-window-closed = le délai pour contester ce refus est passé
err-dispute-already = cette contestation est déjà { $state ->
    [overturned] tranchée en faveur du travailleur
    [upheld] tranchée : refus maintenu
    [reversed] close : le demandeur a annulé son refus
   *[other] { $state }
}
err-dispute-decision = « { $value } » n'est pas une décision : utilisez overturn ou uphold
err-operator-statement = les opérateurs lisent les soldes de la plateforme à GET /api/v1/balance
err-amount-not-positive = doit être supérieur à zéro
err-deposit-not-positive = un dépôt doit être supérieur à zéro
err-deposit-reference-used = la référence « { $reference } » a déjà été enregistrée pour un dépôt de { $stored } ; utilisez la référence bancaire de ce virement
err-no-such-organization = il n'y a pas d'organisation { $id }
err-demo-not-demo-data = cette base contient { $count } comptes qui ne sont pas ceux de la démo : --demo ne fonctionne que sur une base à lui (par défaut ./handprint-demo-data ; une autre avec --data-dir), jamais sur celle d'une vraie instance
err-reference-missing = indiquez la référence du virement
err-reference-long = la référence du virement doit faire au plus { $max } caractères de texte simple
err-destination-missing = indiquez la destination (par ex. « M-Pesa +254 7xx xxx xxx » ou un IBAN)
err-destination-long = la destination doit faire au plus { $max } caractères de texte simple
err-payout-under-threshold = les versements commencent à { $threshold } : redemandez quand votre solde l'atteint (les soldes n'expirent jamais)
err-payout-over-balance = votre solde disponible est de { $balance }
err-payout-already = ce versement est déjà { $state ->
    [requested] demandé
    [paid] payé
    [failed] en échec
   *[other] { $state }
}

# Import report: why a line of an upload was refused.
problem-import-read = la lecture a échoué : { $why }
problem-import-line-long = la ligne dépasse { $max } Kio
problem-import-row-large = la ligne dépasse { $max } Kio
problem-import-json = JSON invalide : { $why } à { $at }
problem-import-array-empty = le fichier est vide ; un tableau JSON de lignes comme [{"{"}"text": "…"{"}"}] est attendu
problem-import-array-start = un tableau JSON de lignes commençant par '[' est attendu (trouvé { $found })
problem-import-array-open = fin de fichier inattendue : le tableau JSON n'est pas fermé
problem-import-array-comma = ',' inattendue : aucun élément ne la précède
problem-import-array-missing-comma = il manque une ',' entre cet élément et le précédent
problem-import-array-after = { $found } inattendu après le ']' qui ferme le tableau
problem-import-row-not-object = une ligne doit être un objet JSON comme {"{"}"text": "…"{"}"}, pas { $found }
problem-import-beside-data = une ligne avec un objet "data" ne peut avoir à côté que external_id et known_answer (trouvé « { $key } ») ; déplacez « { $key } » dans "data"
problem-import-id-type = external_id doit être une chaîne ou un nombre entier, pas { $found }
problem-import-id-empty = external_id est vide ; omettez la clé ou donnez un identifiant
problem-import-id-long = external_id fait { $count } caractères ; la limite est { $max }
problem-import-no-data = la ligne n'a aucun champ de données
problem-import-data-large = les données de la ligne font { $size } Kio en JSON ; la limite est { $max } Kio
problem-import-header = la ligne d'en-tête est invalide : { $problems }
problem-import-header-large = la ligne d'en-tête dépasse { $max } Kio
problem-import-header-utf8 = le nom de la colonne { $column } n'est pas de l'UTF-8 valide
problem-import-header-unnamed = la colonne { $column } n'a pas de nom
problem-import-header-twice = « { $name } » nomme à la fois la colonne { $first } et la colonne { $column }
problem-import-header-no-data = l'en-tête n'a aucune colonne de données à part external_id et known_answer
problem-import-cells = { $expected } cellules attendues, comme dans l'en-tête, mais { $count } trouvées
problem-import-cell-utf8 = la cellule { $cell } (colonne « { $name } ») n'est pas de l'UTF-8 valide
problem-import-known-answer = known_answer{ $path } : { $problems }

# Notices the platform leaves for a requester (pay floor).
notice-pay-floor-topup = Rémunération relevée au plancher : les réponses approuvées ont pris en médiane { $seconds } s, donc une rémunération de { $reward } paie { $rate } de l'heure, sous le plancher de { $floor }. { $answers ->
    [one] { $answers } réponse a reçu
   *[other] { $answers } réponses ont reçu
} un complément de { $paid } au total (plus les frais), payé depuis le séquestre.
notice-reward-raised = La rémunération du travail restant passe de { $reward } à { $raised_to }.
notice-paused-for-pay-floor = En pause : les réponses approuvées ont pris en médiane { $seconds } s, donc une rémunération de { $reward } paie { $rate } de l'heure, sous le plancher de { $floor }. Compléter les réponses payées et porter la rémunération à { $target } demande { $missing } de plus que ce que le séquestre et votre solde disponible contiennent ; déposez-le, puis reprenez le projet.

# Cœur : définitions de modèles, montants, champs d'inscription et forme des réponses (codes de crates/core).
json-type = { $type ->
    [boolean] un booléen
    [number] un nombre
    [string] un texte
    [array] une liste
    [object] un objet
   *[null] null
}
json-value = { $type ->
    [number] { $text }
    [string] le texte { $text }
   *[other] { json-type }
}
template-what = { $what ->
    [template] un modèle { $name }
    [option] une option
    [media] « media »
    [field] un champ { $name }
    [form-field] un champ de formulaire
    [label] une étiquette
   *[key] « { $name } »
}
problem-template-not-object = un modèle doit être un objet JSON avec un « kind » ({ $kinds }), pas { json-type }
problem-template-kind-missing = « kind » manque ; utilisez l'un de : { $kinds }
problem-template-kind-unknown = type de modèle inconnu « { $kind } » ; utilisez l'un de : { $kinds }
problem-template-kind-not-string = « kind » doit être un texte, l'un de : { $kinds } (reçu : { json-type })
problem-template-not-an-object = { template-what } doit être un objet JSON, pas { json-type }
problem-template-unknown-key = clé inconnue « { $key } » ; { template-what } accepte : { $keys }
problem-template-unknown-key-near = clé inconnue « { $key } » (vouliez-vous dire « { $near } » ?) ; { template-what } accepte : { $keys }
problem-template-key-required = « { $key } » est obligatoire
problem-template-field-name = « { $value } » n'est pas un nom de champ valide ; utilisez des lettres, des chiffres et « _ », sans commencer par un chiffre
problem-template-count-range = « { $key } » doit être compris entre { $min } et { $max } (reçu : { $value })
problem-template-not-a-number = « { $key } » doit être un nombre, pas { json-type }
problem-template-not-a-flag = « { $key } » doit valoir true ou false, pas { json-type }
problem-template-not-a-string = { template-what } doit être un texte, pas { json-type }
problem-template-empty = { template-what } ne doit pas être vide
problem-template-too-long = { template-what } fait { $length } caractères ; raccourcissez-le à { $max } au plus
problem-template-not-whole = « { $key } » doit être un nombre entier, pas { json-value }
problem-template-min-over-max = « { $min_key } » ({ $min }) ne doit pas dépasser « { $max_key } » ({ $max })
problem-template-labels-not-array = « labels » doit être une liste de textes, pas { json-type }
problem-template-labels-required = « labels » est obligatoire : une liste comme ["voiture", "personne"]
problem-template-labels-count = donnez entre 1 et { $max } étiquettes ({ $count } reçues)
problem-template-label-twice = « { $label } » figure deux fois ; les étiquettes doivent être uniques
problem-template-max-not-over-min = « max » ({ $max }) doit être supérieur à « min » ({ $min })
problem-template-scale-too-long = l'échelle peut couvrir au plus { $steps } pas (reçu : de { $min } à { $max })
problem-template-label-off-scale = { $point } n'est pas sur l'échelle de { $min } à { $max }
problem-template-label-key = les clés des étiquettes sont des points de l'échelle écrits en nombres entiers, comme « 1 » (reçu : « { $key } »)
problem-template-rating-labels-not-object = « labels » doit être un objet comme { "{" }"1": "Mauvais"{ "}" }, pas { json-type }
problem-template-media-type-missing = le « type » du média doit être « audio » ou « image » (il manque)
problem-template-media-type = le « type » du média doit être « audio » ou « image » (reçu : { $value })
problem-template-options-required = « { $key } » est obligatoire : une liste comme [{ "{" }"value": "oui", "label": "Oui"{ "}" }, …]
problem-template-options-not-array = « { $key } » doit être une liste d'options, pas { json-type }
problem-template-options-count = donnez entre { $min } et { $max } options ({ $count } reçues)
problem-template-option-separator = « { $value } » contient « | », qui relie les valeurs d'un multi_choice en une seule étiquette ; utilisez un autre caractère
problem-template-option-twice = « { $value } » est déjà la valeur de l'option { $first } ; les valeurs des options doivent être uniques
problem-template-fields-not-array = « fields » doit être une liste de champs, pas { json-type }
problem-template-fields-required = « fields » est obligatoire : une liste comme [{ "{" }"name": "titre", "label": "Titre", "type": "text"{ "}" }]
problem-template-fields-count = donnez entre 1 et { $max } champs ({ $count } reçus)
problem-template-field-twice = « { $value } » est déjà le nom du champ { $first } ; les noms des champs doivent être uniques
problem-template-field-type-missing = un champ de formulaire a besoin d'un « type » : « text », « number » ou « choice » (il manque)
problem-template-field-type = un champ de formulaire a besoin d'un « type » : « text », « number » ou « choice » (reçu : { $value })
problem-money-not-decimal = « { $value } » n'est pas un montant décimal : écrivez-le comme « 0.25 »
problem-money-too-precise = « { $value } » a plus de { $digits } décimales, la précision de { $currency }
problem-money-negative = « { $value } » ne doit pas être négatif
problem-money-too-large = « { $value } » dépasse le plus grand montant accepté, { $max } { $currency }
problem-email-required = l'adresse e-mail est obligatoire
problem-email-too-long = l'adresse e-mail doit faire au plus { $max } caractères
problem-email-no-at = « { $value } » n'est pas une adresse e-mail : elle n'a pas de @
problem-email-shape = « { $value } » n'est pas une adresse e-mail : écrivez-la comme nom@exemple.org
problem-email-spaces = « { $value } » n'est pas une adresse e-mail : elle contient des espaces
problem-password-short = le mot de passe doit faire au moins { $min } caractères ({ $count } reçus)
problem-password-too-long = le mot de passe doit faire au plus { $max } caractères
problem-name-required = { $what ->
    [organization] l'organisation est obligatoire
    [label] le libellé est obligatoire
   *[name] le nom est obligatoire
}
problem-name-too-long = { $what ->
    [organization] l'organisation doit faire au plus { $max } caractères
    [label] le libellé doit faire au plus { $max } caractères
   *[name] le nom doit faire au plus { $max } caractères
}
problem-country-code = « { $value } » n'est pas un code de pays : le pays doit être un code ISO 3166-1 alpha-2 comme « MG » (Madagascar) ou « FR » (France)
answer-boxes-unknown-key = clé inconnue « { $key } » ; la réponse est { "{" }"boxes": [...]{ "}" }
answer-boxes-missing = « boxes » manque ; envoyez [] s'il n'y a aucun cadre
answer-boxes-not-object = la réponse doit être un objet { "{" }"boxes": [...]{ "}" }, pas { json-type }
answer-boxes-not-array = « boxes » doit être une liste, pas { json-type }
answer-box-not-object = un cadre doit être un objet { "{" }"x", "y", "w", "h", "label"{ "}" }, pas { json-type }
answer-box-unknown-key = clé inconnue « { $key } » ; un cadre a x, y, w, h et label
answer-box-label-not-string = l'étiquette du cadre doit être un texte, pas { json-type }

# Operator: organisations and the deposit form's choice
deposit-choose-organization = Choisissez une organisation
organizations-title = Organisations
organizations-empty = Aucune organisation pour l'instant : les demandeurs en créent une à l'inscription.
organizations-name = Nom
organizations-id = Identifiant (cité avec les virements)
organizations-members = Membres
organizations-contact = Contact
organizations-available = Disponible
organizations-escrow = Sous séquestre

# Requester pages: boxes drawn on the answers page, the form-field editor, streamed uploads
answers-boxes-title = Cadres tracés sur l'élément { $id }
answers-boxes-fused = Cadres agrégés (fusionnés)
answers-as-text = Réponses en texte
upload-too-large = Le fichier dépasse la taille acceptée par cette instance ({ $max } octets). { $stored ->
    [one] { $stored } élément a été enregistré
   *[other] { $stored } éléments ont été enregistrés
} avant la limite : découpez le fichier et envoyez la suite (les éléments déjà enregistrés, avec le même external_id, sont ignorés).
upload-broken = Le fichier a cessé d'arriver après { $stored ->
    [one] { $stored } élément enregistré
   *[other] { $stored } éléments enregistrés
} ; envoyez-le à nouveau (les éléments déjà enregistrés, avec le même external_id, sont ignorés).
ff-title = Champs du formulaire
ff-hint = Une ligne par champ : son nom dans la réponse (lettres, chiffres, _), le libellé lu par les travailleurs, son type et les réglages de ce type.
ff-name = Nom
ff-label = Libellé
ff-kind = Type
ff-kind-text = Texte
ff-kind-number = Nombre
ff-kind-choice = Choix
ff-required = Obligatoire
ff-max-length = Texte le plus long (caractères)
ff-multiline = Plusieurs lignes
ff-min = Minimum
ff-max = Maximum
ff-integer = Nombres entiers seulement
ff-options = Options, une par ligne : valeur | libellé
ff-up = ↑ Monter
ff-down = ↓ Descendre
ff-remove = Retirer ce champ
ff-add = Ajouter un champ

# The project editor's own checks of what was typed.
form-not-whole-number = « { $value } » n'est pas un nombre entier
form-not-number = « { $value } » n'est pas un nombre
form-rating-label-shape = écrivez « { $line } » sous la forme « point = libellé », par ex. « 1 = Mauvais »
err-signup-role = « { $role } » n'est pas un rôle possible à l'inscription : choisissez « worker » (travailleur) ou « requester » (demandeur)
err-signup-organization-missing = un demandeur doit nommer son organisation : les projets sont publiés sous son nom
err-signup-organization-worker = les travailleurs n'appartiennent pas à une organisation ; laissez ce champ vide
err-deposit-organization-missing = choisissez l'organisation d'où vient l'argent

# Mes données : l'export par un travailleur (ou un demandeur) de toutes ses données
my-data-link = Mes données : téléchargez tout ce que Handprint conserve sur vous
my-data-title = Mes données
my-data-lead = Téléchargez tout ce que Handprint conserve sur vous, dans un seul fichier JSON à garder ou à emporter sur une autre plateforme.
my-data-contains = Ce que contient le fichier
my-data-account = Votre compte : e-mail, nom, pays, rôle, organisation et date d'inscription.
my-data-keys = Vos clés d'API : libellé, préfixe, dates de création et de révocation (jamais les clés elles-mêmes).
my-data-assignments = Chaque tâche que vous avez prise : projet, organisation demandeuse, tâche, état, dates d'attribution et d'envoi, votre temps de travail mesuré, la réponse donnée, la rémunération, la vérification (avec le motif et le message d'un rejet) et votre contestation avec ses messages.
my-data-statement = Chaque mouvement d'argent sur vos soldes, comme sur votre relevé.
my-data-payouts = Les versements que vous avez demandés et ce qu'il en est advenu.
my-data-reports = Les tâches que vous avez signalées comme défectueuses.
my-data-projects = Vos projets, leurs éléments et leurs réponses ne sont pas dans ce fichier : téléchargez-les depuis la page de chaque projet (ou par les points d'accès projets de l'API).
my-data-others = Rien sur d'autres personnes n'y figure : ni les réponses des autres travailleurs, ni l'e-mail d'un demandeur.
my-data-download = Télécharger mes données (JSON)
my-data-api = L'API sert le même fichier à GET /api/v1/me/export.

# Le dossier public d'une organisation demandeuse (/requesters/{id}).
record-title = Dossier de { $org }
record-intro = Ce que les travailleurs ont connu avec ce demandeur, sur tous ses projets, d'après les comptes de la plateforme. Aucun travailleur n'y est nommé.
record-none = pas encore de données
record-hourly = Rémunération par heure de travail
record-hourly-hint = Tout ce qui a été versé aux travailleurs pour les réponses approuvées (récompenses, compléments au plancher de rémunération, primes), divisé par le temps de travail que la plateforme a mesuré sur ces réponses.
record-paid-total = Versé pour le travail mesuré : { $amount }
record-measured = Temps de travail mesuré : { $time }
record-median-hourly = Rémunération horaire médiane d'une réponse : { $amount }
record-median-hourly-hint = La moitié des réponses payées a rapporté moins par heure, l'autre moitié plus (primes non comprises).
record-rejection-rate = Taux de refus
record-rejection-rate-hint = Réponses refusées parmi les réponses évaluées, y compris les refus annulés ensuite.
record-reviewed = Réponses évaluées : { $n }
record-rejections = Réponses refusées : { $n }
record-overturned = Refus annulés après contestation : { $n }
record-overturned-hint = Retirés par le demandeur ou annulés par un opérateur : le travailleur a été payé en entier.
record-time-to-pay = Délai médian de paiement
record-time-to-pay-hint = Temps entre l'envoi d'une réponse et son approbation, quand la récompense parvient au travailleur.
record-approved = Réponses approuvées : { $n }
record-auto = Approuvées automatiquement : { $n } ({ $percent })
record-auto-hint = Réponses que le demandeur n'a pas évaluées dans le délai d'évaluation : la plateforme les a approuvées.
record-disputes = Contestations ouvertes
record-disputes-hint = Contestations ouvertes par des travailleurs contre des refus.
record-disputes-won = Tranchées en faveur du travailleur : { $n }
record-activity = Activité
record-projects = Projets publiés : { $n }
record-answers = Réponses reçues : { $n }
record-workers = Travailleurs payés : { $n }
record-activity-hint = Des nombres seulement : aucun travailleur n'apparaît sur cette page.

# L'argent dit clairement (ticket 9) : refus de publier faute de fonds, totaux de Mon travail, notes des lignes de relevé.
shortfall-title = Pas assez d'argent pour publier.
shortfall-why = Publier met sous séquestre les récompenses, les frais et une réserve de compléments jusqu'à la fin du travail ; ce que le travail n'utilise pas revient au solde disponible de l'organisation.
shortfall-rewards = { $count ->
    [one] Récompenses pour { $count } réponse
   *[other] Récompenses pour { $count } réponses
}
shortfall-fees = Frais de plateforme ({ $percent } %, réservés par réponse arrondis au supérieur)
shortfall-reserve = Réserve de compléments ({ $percent } % des récompenses)
shortfall-total = Séquestre nécessaire
shortfall-available = Disponible maintenant
shortfall-missing = Manquant
shortfall-how = Pour ajouter de l'argent, faites un virement bancaire ou mobile en indiquant l'identifiant de votre organisation et demandez à un opérateur d'enregistrer le dépôt ; puis publiez à nouveau.
shortfall-funds-link = L'identifiant de votre organisation et son solde sont sur la page Fonds.
history-earned-hint = Approuvé et versé sur votre solde (Gains le compte comme gagné).
history-under-review = { $amount } de plus en attente de vérification
statement-pairs-hint = L'argent qui passe d'un de vos soldes à un autre apparaît sur deux lignes : une sortie du premier, une entrée dans le second.
line-note-payout-requested-available = Sort de votre solde disponible, pour le versement demandé.
line-note-payout-requested-pending-payout = Entre dans votre versement en attente, jusqu'à ce qu'un opérateur l'envoie.
line-note-payout-paid-pending-payout = Sort de votre versement en attente : il a été envoyé.
line-note-payout-paid-paid-out = Entre dans ce qui vous a été versé.
line-note-payout-failed-pending-payout = Sort de votre versement en attente : il n'a pas pu être envoyé.
line-note-payout-failed-available = Revient dans votre solde disponible.
line-note-approval-escrow = La récompense de la réponse et les frais réservés pour elle sortent du séquestre.
line-note-approval-available = La part des frais réservés non prélevée revient (les frais sont arrondis une fois sur le projet).
line-note-escrow-available = Sort du solde disponible, vers le séquestre du projet.
line-note-escrow-escrow = Entre dans le séquestre du projet, depuis le solde disponible.
line-note-release-escrow = Sort du séquestre du projet : le travail n'en a plus besoin.
line-note-release-available = Revient dans le solde disponible, depuis le séquestre du projet.
line-note-rejection-settled-escrow = Sort du séquestre du projet : le refus est définitif.
line-note-rejection-settled-available = La récompense et les frais de la réponse refusée reviennent dans le solde disponible.
# The item's media, for every template kind (issue 9)
problem-template-media-type-required = le « type » du média manque ; utilisez l'un de : { $types }
problem-template-media-type-unknown = le « type » du média doit être l'un de : { $types } (reçu { $value })
problem-template-media-field-required = le « field » du média doit nommer le champ de l'élément qui contient l'adresse du média, comme « image_url »
problem-template-boxes-image-required = « media » est obligatoire : l'image sur laquelle tracer, comme { "{" }"type": "image", "field": "image_url"{ "}" }
problem-template-boxes-media-image = les cadres se tracent sur une image : le « type » du média doit être « image » (reçu « { $value } »)
problem-template-image-field-conflict = « image_field » (« { $value } ») et le « field » du média (« { $field } ») nomment des champs différents ; ne donnez que « media »
task-audio-label = Le son de l'élément
task-video-label = La vidéo de l'élément
task-audio-fallback = Ce navigateur ne peut pas lire le son ici.
task-video-fallback = Ce navigateur ne peut pas lire la vidéo ici.
task-media-open = L'ouvrir
task-media-unavailable = Impossible d'afficher { $kind ->
    [audio] le son
    [video] la vidéo
   *[image] l'image
} de cet élément : son adresse manque ou n'est pas une adresse web (http:// ou https://). Si vous ne pouvez pas répondre sans, signalez la tâche.
edit-media-video = Vidéo
edit-media-hint = Montré avec chaque tâche, sous la question : le champ de l'élément qui contient l'adresse (http:// ou https://) d'une image, d'un son ou d'une vidéo, comme image_url.
task-skipped = Tâche passée : elle est retournée dans la file, sans frais pour vous.
task-reported = Merci : votre signalement a été envoyé au demandeur, et la tâche a été passée.
task-send-failed = Votre réponse n'a pas pu être envoyée. Vérifiez la connexion et envoyez-la de nouveau.
edit-media-sound = Son
# Comment les nombres s'écrivent sur les pages (l'API écrit toujours « 1234.50 »).
number-decimal-mark = ,
number-group-separator = {"\u202F"}

# Mémos du grand livre sur les relevés, relus depuis l'anglais enregistré (`memo::read` du cœur).
memo-escrow-answers = { $count ->
    [one] séquestre pour { $count } réponse de « { $title } », frais et réserve de compléments compris
   *[other] séquestre pour { $count } réponses de « { $title } », frais et réserve de compléments compris
}
memo-escrow-items = { $count ->
    [one] séquestre pour { $count } nouvel élément de « { $title } »
   *[other] séquestre pour { $count } nouveaux éléments de « { $title } »
}
memo-escrow-one-more = séquestre pour une réponse de plus de « { $title } » ({ $why })
memo-why-beyond-funded = une réponse au-delà des places financées
memo-release = séquestre dont « { $title } » n'a plus besoin
memo-deposit = dépôt, référence { $reference }
memo-floor-escrow = séquestre pour les compléments au plancher de rémunération : les réponses approuvées ont pris en médiane { $seconds } s, donc une rémunération de { $reward } paie { $rate } de l'heure, sous le plancher de { $floor }
memo-floor-topup = complément au plancher de rémunération : les réponses approuvées ont pris en médiane { $seconds } s, donc une rémunération de { $reward } paie { $rate } de l'heure, sous le plancher de { $floor }
memo-payout-requested = versement demandé vers { $destination }
memo-payout-paid = versé à { $destination }, référence { $reference }
memo-payout-failed = le versement a échoué ({ $note }) ; l'argent est de nouveau disponible
memo-reward = rémunération d'une réponse approuvée dans « { $title } »
memo-reward-overturned = rémunération d'une réponse dans « { $title } » (refus annulé)
memo-rejection-settled = un refus définitif dans « { $title } » : la rémunération et les frais de la réponse reviennent

# Une réponse refusée sur la page de la tâche, en mots simples (l'API garde le détail précis).
answer-plain-choose-one = Choisissez une des options avant d'envoyer.
answer-plain-choose-some = Cochez les options qui conviennent avant d'envoyer.
answer-plain-rate = Choisissez un point de l'échelle avant d'envoyer.
answer-plain-write = Écrivez votre réponse dans la zone de texte avant d'envoyer.
answer-plain-form = Remplissez le formulaire avant d'envoyer.
answer-plain-form-field = Remplissez « { $label } » avant d'envoyer.
answer-plain-boxes = Tracez au moins un cadre avant d'envoyer.
answer-plain-box = Tracez de nouveau ce cadre sur l'image, puis envoyez.
answer-box-numbered = Cadre { $n } : { $problem }
answer-boxes-at-least-plain = { $min ->
    [one] Tracez au moins { $min } cadre avant d'envoyer (vous en avez tracé { $count }).
   *[other] Tracez au moins { $min } cadres avant d'envoyer (vous en avez tracé { $count }).
}
answer-boxes-at-most-plain = { $max ->
    [one] Tracez au plus { $max } cadre (vous en avez tracé { $count }) : supprimez ceux en trop, puis envoyez.
   *[other] Tracez au plus { $max } cadres (vous en avez tracé { $count }) : supprimez ceux en trop, puis envoyez.
}

# Les problèmes d'un formulaire nommés par leur champ (le résumé des erreurs, les refus avec des champs).
form-error-line = { $field } : { $problem }
edit-field-reward-name = Rémunération par réponse
edit-field-min-selected-name = Nombre minimal d'options à cocher
edit-field-max-selected-name = Nombre maximal d'options à cocher
problem-country-name = « { $value } » est le nom d'un pays : le pays doit être son code ISO 3166-1 alpha-2, « { $code } »
signup-country-choose = Choisissez votre pays
review-pick-all = Toutes les réponses de cette page
work-none-here = Plus rien pour vous ici : chaque élément a ses réponses ou vous y avez déjà répondu.
error-form-unreadable = Les champs de ce formulaire n'ont pas pu être lus : l'un d'eux a une valeur d'un autre type, ou le formulaire ne vient pas de ce site. Revenez en arrière, rechargez la page et remplissez-le à nouveau.

handprint-verify-title = Vérifier une empreinte
handprint-verify-intro = Une empreinte est le relevé signé du travail derrière un jeu de données : qui l'a demandé et pourquoi, comment il a été fait, par combien de personnes et pour quelle paie. Déposez le fichier handprint.dsse.json livré avec les données pour vérifier que cette instance l'a signé et que rien n'y a changé depuis.
handprint-verify-file = Empreinte signée (handprint.dsse.json)
handprint-verify-submit = Vérifier
handprint-verify-valid = Valide : signée par cette instance, inchangée depuis
handprint-verify-invalid = Non valide
handprint-verify-key = Signée avec la clé { $keyid }.
handprint-verify-files = Les fichiers qu'elle décrit
handprint-verify-files-hint = Cette page ne voit pas vos fichiers de données : comparez leur SHA-256 avec ceux-ci, ou lancez handprint verify à côté d'eux, qui le fait.
handprint-verify-keys = Cette instance signe avec la clé { $keyid }, publiée à
handprint-verify-no-file = Choisissez le fichier handprint.dsse.json à vérifier.
handprint-verify-too-large = Ce fichier dépasse 1 Mo : une empreinte fait quelques kilo-octets. Choisissez handprint.dsse.json, pas les données.
handprint-words-for = Fait pour { $org } : { $purpose }
handprint-words-workers = { $count ->
    [one] { $count } personne y a travaillé
   *[other] { $count } personnes y ont travaillé
}
handprint-words-hours = { $hours } heures de travail mesurées
handprint-words-pay = Paie médiane par heure de travail : { $amount } (le plancher : { $floor })
handprint-words-rejected = { $count ->
    [one] { $count } réponse rejetée
   *[other] { $count } réponses rejetées
}

# Conditions d'accès et qualifications (ticket 13)
err-not-found-qualification = Cette qualification n'existe pas, ou vous ne pouvez pas la voir.
    .api = qualification not found
err-qualification-invalid = La qualification a des problèmes ; chacun est indiqué avec son champ.
err-qualification-definers = Seuls les demandeurs (pour leur organisation) et les opérateurs (pour tous) définissent des qualifications.
err-qualification-not-yours = Cette qualification n'est pas la vôtre : seule l'organisation qui l'a définie (ou les opérateurs, pour les leurs) peut la modifier ou l'accorder.
err-qualification-not-held = Ce travailleur n'a pas cette qualification : il n'y a rien à retirer.
err-languages-invalid = Les langues ont des problèmes ; chacun est indiqué avec sa place dans la liste.
problem-required = est obligatoire : donnez une valeur
problem-language-code = « { $value } » n'est pas un code de langue : une langue est son code ISO 639-1, comme « en » (anglais), « fr » (français) ou « mg » (malgache)
problem-language-name = « { $value } » est le nom d'une langue : la langue doit être son code ISO 639-1, « { $code } »
problem-eligibility-too-many = au plus { $max } entrées
problem-score-range = { $value } n'est pas un score : un score est un nombre entier de 0 à { $max }
problem-qualification-id-empty = est vide : donnez l'identifiant d'une qualification (GET /api/v1/qualifications les liste)
problem-qualification-repeated = la qualification { $id } figure deux fois : gardez une seule entrée avec son score minimal
problem-qualification-unknown = il n'existe pas de qualification { $id } : GET /api/v1/qualifications liste celles que vos projets peuvent demander
problem-qualification-other-organization = la qualification { $id } appartient à une autre organisation : un projet peut demander les qualifications de sa propre organisation ou celles d'un opérateur
problem-qualification-kind = « { $value } » n'est pas un type de qualification : utilisez « manual » (accordée par une personne, avec une raison)
problem-qualification-between = doit être un nombre entier de { $min } à { $max }
problem-qualification-performance-only = seule une qualification de performance prend ce champ : retirez-le, ou créez une qualification de type « performance »
problem-qualification-kind-fixed = le type d'une qualification ne peut pas changer : créez une autre qualification
problem-worker-unknown = aucun travailleur des projets de votre organisation n'a le pseudonyme « { $value } » : utilisez le pseudonyme du travailleur tel que vos exports le montrent
why-country = Ouvert seulement aux travailleurs de { $countries } ; le pays de votre compte est { $yours }.
why-languages = Demande des travailleurs qui connaissent { $languages } : si c'est votre cas, ajoutez { $languages } aux langues de vos réglages.
why-qualification-missing = Demande la qualification « { $name } » (score de { $min } ou plus), que vous n'avez pas. Elle est accordée par une personne : { $who ->
        [operator] demandez-la aux opérateurs de cette instance.
       *[requester] demandez-la au demandeur.
    }
why-qualification-low = Demande la qualification « { $name } » avec un score de { $min } ou plus ; le vôtre est { $score }. Elle est accordée par une personne : { $who ->
        [operator] demandez-la aux opérateurs de cette instance.
       *[requester] demandez-la au demandeur.
    }
edit-eligibility = Qui peut y travailler
edit-eligibility-hint = Laissez ces champs vides pour ouvrir le projet à tous les travailleurs. Ils sont vérifiés chaque fois qu'un travailleur prend une tâche.
edit-field-elig-countries = Pays
edit-elig-countries-hint = Codes ISO 3166-1 séparés par des virgules, par ex. « FR, BE » : le compte du travailleur doit être dans l'un d'eux.
edit-field-elig-languages = Langues
edit-elig-languages-hint = Codes ISO 639-1 séparés par des virgules, par ex. « fr, mg » : le travailleur doit les déclarer toutes.
edit-field-elig-qualifications = Qualifications
edit-elig-qualifications-hint = Une par ligne : l'identifiant de la qualification et le score minimal de 0 à 100, par ex. « 0190…a1 60 ». Les qualifications de votre organisation et celles des opérateurs peuvent être utilisées.
work-not-eligible = Vous ne pouvez pas encore prendre les tâches de ce projet :
nav-settings = Réglages
settings-title = Vos réglages
settings-saved = Enregistré.
settings-languages = Langues que vous connaissez
settings-languages-hint = Codes ISO 639-1 séparés par des virgules, par ex. « fr, mg, en ». Certains projets demandent des travailleurs qui connaissent une langue.
settings-save = Enregistrer
settings-qualifications = Vos qualifications
settings-no-qualifications = Vous n'avez encore aucune qualification. Un demandeur en accorde une à la main, avec une raison que vous pouvez lire ici.
settings-held = { $name } : score { $score }
settings-history = Attributions et retraits
settings-granted = accordée avec le score { $score }
settings-revoked = retirée
err-worker-list-invalid = L'inscription sur la liste a des problèmes ; chacun est indiqué avec son champ.
err-worker-not-listed = Ce travailleur ne figure sur aucune liste de votre organisation : il n'y a rien à retirer.
problem-worker-list = « { $value } » n'est pas une liste : utilisez « include » ou « block »
why-blocked = Le demandeur vous a bloqué de ses projets, en écrivant : « { $reason } ». Si vous pensez que c'est une erreur, écrivez au demandeur.
why-not-included = Ouvert seulement aux travailleurs que le demandeur a inscrits : demandez-lui de vous ajouter.
edit-elig-included-only = Seulement les travailleurs de la liste d'inclusion de votre organisation (PUT /api/v1/worker-lists/{ "{" }pseudonyme{ "}" })
work-ineligible = Vous ne pouvez pas prendre les tâches de ce projet : sa fiche ci-dessous dit pourquoi.
work-why-act = Y aller
operator-looks-like = Ressemble à : { $names }

## Le journal des décisions : « Décisions me concernant », « Réexamens à trancher » (ticket 13)
nav-decisions-mine = Décisions me concernant
nav-decisions-review = Réexamens
decisions-mine-title = Décisions me concernant
decisions-mine-lead = Chaque décision automatique que les règles de Handprint ont prise à votre sujet, avec les chiffres qu'elles ont regardés. Si vous pensez que l'une d'elles est fausse, demandez qu'une personne la réexamine : elle doit répondre avant l'échéance, sinon la décision est tranchée en votre faveur.
decisions-count-made = { $count ->
    [0] Aucune décision automatique n'a été prise à votre sujet.
    [one] { $count } décision automatique
   *[other] { $count } décisions automatiques
}
decisions-until = en vigueur jusqu'au { $when }
decisions-inputs = Ce que la règle a regardé
decisions-rule = Règle
decisions-ask-label = Demander un réexamen par une personne
decisions-ask-hint = Dites pourquoi vous pensez que cette décision est fausse. Vous pouvez le demander une fois.
decisions-ask = Demander un réexamen
decisions-done-asked = Votre demande de réexamen est envoyée. Vous trouverez la réponse ici.
decisions-asked-on = Réexamen demandé le { $when } :
decisions-due = La réponse est due avant le { $when } ; passé ce délai, la décision est annulée en votre faveur.
decisions-answer = Réponse de la personne qui a réexaminé :
decisions-answer-automatic = Personne n'a répondu à temps :
decisions-review-title = Réexamens à trancher
decisions-review-lead-requester = Des travailleurs ont demandé qu'une personne réexamine ces décisions automatiques des règles de votre organisation. Lisez les chiffres, puis maintenez ou annulez avec une réponse écrite avant l'échéance ; passé ce délai, la décision est annulée en faveur du travailleur.
decisions-review-lead-operator = Les décisions des opérateurs sont à vous de trancher ; les autres sont montrées pour le contrôle, avec les comptes sur toutes les organisations.
decisions-count-requested = { $count ->
    [0] Aucun réexamen en attente
    [one] { $count } réexamen en attente
   *[other] { $count } réexamens en attente
}
decisions-count-overdue = { $count ->
    [0] aucun en retard
    [one] { $count } en retard
   *[other] { $count } en retard
}
decisions-count-upheld = { $count ->
    [0] aucune maintenue
    [one] { $count } maintenue
   *[other] { $count } maintenues
}
decisions-count-reversed = { $count ->
    [0] aucune annulée
    [one] { $count } annulée
   *[other] { $count } annulées
}
decisions-empty = Rien ici.
decisions-answer-label = Votre réponse au travailleur
decisions-reverse = Annuler la décision
decisions-uphold = La maintenir
decisions-done-upheld = La décision est maintenue ; le travailleur voit votre réponse.
decisions-done-reversed = La décision est annulée et son effet défait ; le travailleur voit votre réponse.
decision-kind-qualification_granted = Qualification accordée
decision-kind-qualification_refused = Qualification refusée
decision-kind-qualification_lost = Qualification perdue
decision-kind-warned = Avertissement
decision-kind-restricted = Restriction
decision-kind-requalification_required = Qualification à repasser
decision-kind-second_opinion = Réponses soumises à un second avis
decision-kind-score_changed = Score modifié
decision-state-in_effect = En vigueur
decision-state-review_requested = Réexamen demandé
decision-state-upheld = Maintenue après réexamen
decision-state-reversed = Annulée
decision-about-qualification_granted = La qualification « { $qualification } » vous a été accordée.
decision-about-qualification_refused = La qualification « { $qualification } » vous a été refusée ; vous pourrez réessayer après le { $until }.
decision-about-qualification_lost = Vous avez perdu la qualification « { $qualification } ».
decision-about-warned = Une règle automatique du projet « { $project } » vous a averti au sujet de vos réponses.
decision-about-restricted = Vous ne pouvez pas travailler sur le projet « { $project } » jusqu'au { $until }.
decision-about-requalification_required = Vous devez repasser la qualification « { $qualification } » avant de travailler sur le projet « { $project } ».
decision-about-second_opinion = Certaines de vos réponses au projet « { $project } » ont été soumises à d'autres travailleurs pour un second avis.
decision-about-score_changed = Votre score a changé d'une façon qui change le travail auquel vous avez accès.
decision-reason-control_accuracy = Items de contrôle : { $controls_correct } justes sur { $controls_answered } ; la règle de ce projet demande au moins { $threshold_percent } % une fois { $after_controls } contrôles répondus.
decision-reason-fast_answers = { $fast_answers ->
    [one] { $fast_answers } de vos réponses a pris moins de { $share_of_median_percent } % du temps médian ; la règle de ce projet agit à partir de { $times }.
   *[other] { $fast_answers } de vos réponses ont pris moins de { $share_of_median_percent } % du temps médian ; la règle de ce projet agit à partir de { $times }.
}
decision-reason-disagreement = Réponses comparées à celles des autres sur les mêmes items : { $compared_answers }, dont { $disagreements } en désaccord avec la majorité ; la règle de ce projet en admet au plus { $percent } %.
decision-reason-skips = Items rendus : { $returned } sur { $leases } pris, plus que la règle de ce projet ne le permet.
decision-reason-test_passed = Vous avez obtenu { $score } % au test ; il est réussi à partir de { $pass_score } %.
decision-reason-test_failed = Vous avez obtenu { $score } % au test ; il est réussi à partir de { $pass_score } %. Vous pourrez le repasser après le { $until }.
decision-reason-performance_score = Items de contrôle : { $controls_correct } justes sur vos { $controls_answered } derniers, un score de { $score } % ; cette qualification est détenue à partir de { $pass_score } % une fois { $min_controls } contrôles répondus.
decision-undone-qualification_granted = Rien à défaire.
decision-undone-qualification_refused = Le délai d'attente est levé : vous pouvez repasser le test dès maintenant.
decision-undone-qualification_lost = La qualification vous est rendue au score que vous aviez.
decision-undone-warned = L'avertissement est retiré.
decision-undone-restricted = La restriction est levée : vous pouvez de nouveau travailler sur le projet.
decision-undone-requalification_required = Vous n'avez pas à repasser la qualification ; votre attribution précédente vous est rendue.
decision-undone-second_opinion = Rien n'a été défait : les réponses supplémentaires sur ces items étaient déjà payées, et vos propres réponses n'ont jamais été refusées par la règle.
decision-undone-score_changed = Le changement de score est retiré.
decision-review-overdue = Personne n'a réexaminé cette décision dans le délai : elle est tranchée en votre faveur, la décision est annulée.
err-decision-invalid = Le réexamen a des problèmes ; chacun est indiqué avec son champ.
err-decision-not-adverse = Une décision de type { $kind } ne vous est pas défavorable : il n'y a rien à réexaminer.
err-decision-review-once = Un réexamen de cette décision a déjà été demandé (elle est { $state }) : on ne peut le demander qu'une fois.
err-decision-not-under-review = Cette décision n'attend pas de réexamen (personne ne l'a demandé, ou il est déjà tranché).
err-decision-reviewers = Seule l'organisation dont c'était la règle, ou un opérateur, réexamine les décisions.
err-decision-not-yours = Cette décision vient de la règle d'une organisation : c'est cette organisation qui la réexamine.
err-not-found-decision = Cette décision n'existe pas, ou vous n'avez pas à la voir.
problem-decision-outcome = doit valoir « upheld » ou « reversed » (reçu « { $value } »)
record-restrictions = { $made ->
    [0] Aucune restriction automatique
    [one] { $made } restriction automatique
   *[other] { $made } restrictions automatiques
}, { $reversed ->
    [0] aucune annulée après réexamen.
    [one] { $reversed } annulée après réexamen.
   *[other] { $reversed } annulées après réexamen.
}
problem-overlap-order = doit valoir au moins min ({ $min })
problem-overlap-confidence = doit être un nombre entre 0 et 1, exclus (par exemple 0.9 pour 90 %)
problem-overlap-single-choice = le recouvrement dynamique demande un modèle à choix unique (sa confiance est l'accord sur une étiquette)
# Réinitialisation du mot de passe par e-mail (/forgot, /reset/{token}, POST /api/v1/password-reset).
forgot-title = Réinitialiser votre mot de passe
forgot-lead = Donnez l'adresse e-mail de votre compte : nous y envoyons un lien pour choisir un nouveau mot de passe, valable { $minutes } minutes.
forgot-button = M'envoyer un lien
forgot-back = Retour à la connexion
forgot-unavailable = Cette instance ne peut pas envoyer d'e-mail : elle ne peut donc pas vous envoyer de lien. Demandez à un opérateur de cette instance de vous définir un nouveau mot de passe.
reset-requested = Si un compte a cette adresse, un lien pour choisir un nouveau mot de passe lui est envoyé ; il sert une fois, pendant { $minutes } minutes. Rien reçu ? Regardez dans les indésirables, ou redemandez plus tard.
reset-title = Choisir un nouveau mot de passe
reset-new-password = Nouveau mot de passe
reset-confirm = Le nouveau mot de passe, à nouveau
reset-button = Enregistrer le mot de passe
reset-confirm-differs = les deux mots de passe diffèrent : tapez deux fois le même
reset-ask-again = Demander un nouveau lien
reset-done = { $count ->
    [0] Votre nouveau mot de passe est enregistré ; aucune session n'était ouverte. Connectez-vous avec lui.
    [one] Votre nouveau mot de passe est enregistré ; { $count } session a été déconnectée. Connectez-vous avec le nouveau mot de passe.
   *[other] Votre nouveau mot de passe est enregistré ; { $count } sessions ont été déconnectées. Connectez-vous avec le nouveau mot de passe.
}
err-reset-throttled = { $count ->
    [one] trop de demandes de réinitialisation ou de connexions échouées pour cette adresse ; réessayez dans { $count } seconde
   *[other] trop de demandes de réinitialisation ou de connexions échouées pour cette adresse ; réessayez dans { $count } secondes
}
err-set-password-no-account = aucun compte n'a l'adresse { $email }
err-reset-no-mail = cette instance ne peut pas envoyer d'e-mail, aucun lien de réinitialisation ne peut donc être envoyé : demandez à un opérateur de cette instance de vous définir un nouveau mot de passe
err-reset-unknown = ce lien de réinitialisation n'est pas valide : il a été mal recopié, ou un lien plus récent l'a remplacé ; demandez-en un nouveau sur /forgot
err-reset-used = ce lien de réinitialisation a déjà servi, le { $at } ; demandez-en un nouveau sur /forgot si besoin
err-reset-expired = ce lien de réinitialisation a expiré le { $at } (un lien vaut une heure) ; demandez-en un nouveau sur /forgot
mail-reset-subject = Choisir un nouveau mot de passe Handprint
mail-reset-text =
    Bonjour { $name },

    Quelqu'un (vous, nous l'espérons) a demandé à choisir un nouveau mot de passe pour votre compte Handprint. Pour le choisir, ouvrez ce lien dans les { $minutes } minutes :

    { $link }

    Le lien sert une fois. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.
# Issue 13 : éléments de contrôle et règles de qualité.
problem-control-rate-range = { $value } n'est pas une part : le taux de contrôle est un pourcentage entier de 0 à 100
problem-rules-not-list = doit être une liste de règles, chacune {"{"}"when": {"{"}condition: {"{"}…{"}"}{"}"}, "action": {"{"}action: {"{"}…{"}"}{"}"}{"}"}
problem-rules-too-many = au plus { $max } règles
problem-rule-not-object = une règle est un objet avec « when » et « action »
problem-rule-entry = donnez exactement une entrée, son nom et ses réglages en objet, parmi : { $choices }
problem-rule-name-unknown = « { $value } » n'est pas proposé : utilisez l'un de { $choices }
problem-rule-setting-unknown = « { $setting } » n'est pas un réglage de { $name } : ses réglages sont { $choices }
problem-rule-setting-missing = manque : donnez un nombre entier de { $min } à { $max }
problem-rule-number = { $value } n'est pas permis ici : donnez un nombre entier de { $min } à { $max }
problem-rule-skips-shape = donnez soit « count », soit « percent » avec « after_leases »
edit-quality = Éléments de contrôle et règles de qualité
edit-field-control-rate = Éléments de contrôle (pourcentage)
edit-control-rate-hint = La part des éléments de chaque travailleur prise parmi vos éléments à réponse connue, mêlée à son travail ; rien ne les distingue. 0 pour aucun.
edit-field-quality-rules = Règles de qualité
edit-quality-rules-hint = En JSON, par exemple [{"{"}"when": {"{"}"control_accuracy_below": {"{"}"threshold_percent": 70, "after_controls": 5{"}"}{"}"}, "action": {"{"}"restrict": {"{"}"days": 7{"}"}{"}"}{"}"}]. Les règles ne rejettent jamais de travail et ne suspendent aucun compte ; chaque décision est consignée et le travailleur peut demander un réexamen.
form-rules-json = n'est pas du JSON valide ({ $problem }) : écrivez une liste de règles, [] pour aucune
project-workers-quality = Travailleurs et qualité
quality-title = Travailleurs et qualité
quality-hint = Chaque travailleur sous le pseudonyme de vos exports. Les éléments de contrôle font { $rate } % des éléments de chacun. L'intervalle est l'intervalle de Wilson à 95 % de la justesse sur les contrôles ; la compétence vient des modèles de Dawid–Skene et GLAD sur toutes les réponses (projets à choix et à note).
quality-empty = Aucune réponse pour l'instant.
quality-answers = Réponses
quality-controls = Contrôles justes
quality-interval = Intervalle à 95 %
quality-dawid-skene = Justesse Dawid–Skene
quality-glad = Aptitude GLAD
quality-median = Temps médian
quality-decisions = Décisions en vigueur
quality-decision-until = { $kind } jusqu'au { $until }
quality-decision-qualification_granted = Qualification accordée
quality-decision-qualification_refused = Qualification refusée
quality-decision-qualification_lost = Qualification perdue
quality-decision-warned = Averti
quality-decision-restricted = Exclu du projet
quality-decision-requalification_required = Doit repasser une qualification
quality-decision-second_opinion = Réponses soumises à un second avis
quality-decision-score_changed = Score modifié
why-restricted = Une règle de qualité de ce projet vous tient à l'écart de ses tâches jusqu'au { $until } (voir « Décisions me concernant » ; vous pouvez demander un réexamen).
# Qualifications par test (ticket 13)
problem-qualification-test-only = seul un test prend ce champ : retirez-le, ou créez une qualification de type « test »
problem-qualification-test-fixed = les conditions d'un test ne changent plus une fois créé (elles ont été promises à ceux qui le passent) : créez un autre test
problem-qualification-closed-on-create = une qualification est créée ouverte : retirez « closed »
problem-qualification-close-test-only = seul un test se ferme (son séquestre inutilisé est rendu) : une qualification manuelle reste jusqu'à ce que vous retiriez ses attributions
problem-qualification-reopen = un test fermé ne peut pas être rouvert : créez un autre test
problem-test-operator = une qualification d'opérateur n'a pas d'organisation pour payer ses éléments de test : les tests sont créés par les demandeurs
problem-number-range = doit être un nombre entier de { $min } à { $max }
problem-test-known-answer-missing = n'a pas de known_answer : chaque élément de test ou d'entraînement a besoin de la réponse sur laquelle il est noté
problem-test-training-flag = « training » doit valoir true ou false
problem-test-explanation = « explanation » doit être un texte d'au plus { $max } caractères
problem-test-explanation-missing = un élément d'entraînement a besoin d'une « explanation », montrée avec sa réponse une fois que le travailleur a répondu
problem-test-explanation-training = seul un élément d'entraînement montre une « explanation » : ajoutez « training »: true, ou retirez-la
err-test-items-invalid = Certaines lignes ne peuvent pas être des éléments de test ; chacune est indiquée par son numéro. Rien n'a été enregistré.
err-test-items-empty = L'envoi ne contient aucun élément.
err-test-not-a-test = Cette qualification est de type « { $kind } », pas un test : elle n'a pas d'éléments à passer.
err-test-closed = Ce test est fermé : il n'accepte plus de nouveaux candidats.
err-test-held = Vous avez déjà cette qualification : inutile de repasser son test.
err-test-cooldown = Vous n'avez pas réussi ce test ; vous pourrez le repasser à partir du { $until }.
err-test-no-items = Ce test n'a pas encore d'éléments.
err-test-unfunded = Les places payées de ce test sont toutes prises : son demandeur doit ajouter des fonds pour d'autres candidats.
err-work-test-and-project = Demandez l'élément suivant d'un test ou d'un projet, pas les deux : envoyez qualification_id ou project_id.
why-qualification-test = Demande la qualification « { $name } » (score de { $min } ou plus), que vous n'avez pas. Passez son test : { $count ->
        [one] { $count } élément
       *[other] { $count } éléments
    }, chacun payé { $reward }.
why-qualification-test-low = Demande la qualification « { $name } » avec un score de { $min } ou plus ; le vôtre est { $score }. Son test ({ $count ->
        [one] { $count } élément
       *[other] { $count } éléments
    }, chacun payé { $reward }) peut être repassé une fois votre qualification retirée.
nav-qualifications = Qualifications
nav-tests = Tests
tests-title = Tests de qualification
tests-intro = Certains projets demandent une qualification. Réussir son test vous l'accorde. Chaque élément auquel vous répondez est payé, éléments d'entraînement compris, quel que soit votre score.
tests-none = Aucun test ne vous est ouvert pour l'instant.
tests-pay = { $count ->
        [one] { $count } élément
       *[other] { $count } éléments
    }, chacun payé { $reward }
tests-total = { $total } en tout
tests-pass-score = score de réussite { $score } %
tests-training = { $count ->
        [0] Aucun élément ne sert d'entraînement.
        [one] Le premier élément sert d'entraînement : vous voyez sa réponse et pourquoi, et il ne compte jamais.
       *[other] Les { $count } premiers éléments servent d'entraînement : vous voyez leurs réponses et pourquoi, et ils ne comptent jamais.
    }
tests-take = Passer le test
tests-continue = { $count ->
        [0] Reprendre où vous en étiez
        [one] Continuer (1 élément répondu)
       *[other] Continuer ({ $count } éléments répondus)
    }
tests-cooldown = Vous n'avez pas réussi ; vous pourrez repasser le test à partir du { $at }.
test-item-of = Élément { $number } sur { $of }
test-training-item = Un élément d'entraînement : une fois que vous aurez répondu, vous verrez la bonne réponse et pourquoi. Il ne compte pas dans votre score.
test-paid = Payé { $amount }.
test-your-answer = Votre réponse : { $answer }
test-correct-answer = La bonne réponse : { $answer }
test-training-not-counted = Cet élément d'entraînement ne compte pas dans votre score.
test-passed = Réussi avec un score de { $score } % (score de réussite { $pass } %) : la qualification est à vous.
test-failed = Pas réussi : un score de { $score } % (score de réussite { $pass } %).
test-back = Retour aux tests
test-next-item = Élément suivant
rtests-title = Tests de qualification
rtests-intro = Un test accorde une qualification aux travailleurs qui le réussissent. Chaque élément auquel un travailleur répond est payé à la récompense du test (au moins le plancher de rémunération sur son temps), sur un séquestre pris quand vous ajoutez des éléments.
rtests-name = Nom
rtests-description = Description
rtests-template = Modèle (JSON, comme celui d'un projet)
rtests-template-hint = La même définition que le modèle d'un projet, par ex. { "{" }"kind": "single_choice", "options": [...]{ "}" }.
rtests-pass-score = Score de réussite (pourcentage d'éléments de test justes)
rtests-retake-hours = Heures avant qu'un travailleur qui a échoué puisse le repasser
rtests-reward = Récompense par élément
rtests-seconds = Secondes que prend un élément
rtests-max-takers = Candidats à financer
rtests-money-hint = Ajouter des éléments met sous séquestre récompense et frais pour chaque élément fois les candidats à financer ; fermer le test rend ce qui n'a pas servi.
rtests-create = Créer le test
rtests-new = Nouveau test
rtests-items = Éléments
rtests-takers = Candidats
rtests-pass-rate = Taux de réussite
rtests-closed = fermé
rtests-hourly = { $rate } de l'heure
rtests-item-counts = { $count ->
        [one] { $count } élément de test
       *[other] { $count } éléments de test
    }, éléments d'entraînement : { $training }
rtests-taker-counts = { $count ->
        [one] { $count } travailleur
       *[other] { $count } travailleurs
    }, réussis : { $passed }
rtests-escrow = Sous séquestre
rtests-added = { $count ->
        [0] Aucun nouvel élément (tous y étaient déjà).
        [one] { $count } élément ajouté.
       *[other] { $count } éléments ajoutés.
    }
rtests-add-items = Ajouter des éléments
rtests-items-hint = Un objet JSON par ligne (ou un tableau JSON, ou du CSV avec un en-tête), comme les éléments d'un projet, chacun avec « known_answer » ; un élément d'entraînement a aussi « training »: true et une « explanation ».
rtests-add = Ajouter les éléments
rtests-close = Fermer le test
rtests-closed-note = Ce test est fermé : plus de nouveaux candidats, et son séquestre inutilisé est revenu à votre solde.
memo-test-escrow = séquestre du test « { $title } » (éléments : { $items }, candidats : { $takers })
memo-test-release = séquestre dont le test fermé « { $title } » n'a plus besoin
memo-test-reward = rémunération d'une réponse au test « { $title } »
handprint-page-title = Empreinte : { $title }
handprint-page-intro = Le relevé signé du travail derrière un export de ce projet : qui l'a demandé et pourquoi, comment il a été fait, par combien de personnes et pour quelle paie. Des chiffres sur l'ensemble des travailleur·ses, jamais sur une personne.
handprint-page-made = Exporté le { $when } (UTC)
handprint-page-record = Le relevé public de { $org }
handprint-page-unpublished = Non publiée : seule votre organisation voit cette page. Le fichier signé est à vous dans tous les cas.
handprint-page-pay = Paie par heure de travail : { $p10 } pour le dixième le moins payé, { $median } en médiane, { $p90 } pour le dixième le mieux payé
handprint-page-countries = Travailleur·ses par pays (groupes de moins de { $k } regroupés)
handprint-page-other = autres
handprint-page-download = Télécharger l'empreinte signée (handprint.dsse.json)
handprint-page-publish = Publier cette page
handprint-page-unpublish = Réserver cette page à mon organisation
export-title = Exporter avec l'empreinte
export-intro = Un zip des données, de leur description Croissant (croissant.json) et de l'empreinte signée (handprint.dsse.json), gardée avec sa propre page.
export-format = Format
export-labels = Étiquettes au lieu des réponses (méthode d'agrégation, vide pour les réponses)
export-publish = Publier la page de l'empreinte
export-submit = Télécharger l'export
export-handprints = Les empreintes de ce projet
handprint-page-unpublished-short = non publiée

## Les qualifications manuelles sur les pages (ticket 13)
nav-grants = Qualifications
grants-title = Les qualifications que vous accordez
grants-intro = Des qualifications qu'une personne de votre organisation accorde ou retire, chaque fois avec une raison écrite que le travailleur lit. Désignez le travailleur par le pseudonyme de vos exports. Les tests, notés automatiquement et payés, sont sous Tests.
grants-none = Votre organisation n'a encore aucune qualification accordée à la main.
grants-holders = { $count ->
    [0] Personne ne la détient.
    [one] { $count } travailleur la détient.
   *[other] { $count } travailleurs la détiennent.
}
grants-worker = Travailleur (pseudonyme de vos exports)
grants-score = Score (de 0 à 100 ; pour accorder)
grants-reason = Raison (le travailleur la lit)
grants-grant = Accorder
grants-revoke = Retirer
grants-new = Une nouvelle qualification accordée à la main
grants-name = Nom
grants-description = Ce qu'elle dit d'un travailleur
grants-create = Créer
grants-done-created = La qualification est créée.
grants-done-granted = Accordée. Le travailleur la lit, avec votre raison, dans ses qualifications.
grants-done-revoked = Retirée. Le travailleur lit votre raison dans ses qualifications.
grants-performance = Qualifications par la justesse sur les contrôles
grants-performance-intro = Handprint les accorde de lui-même à chaque travailleur dont les réponses à vos items de contrôle (ceux dont vous connaissez la réponse) atteignent le score de réussite, et les retire quand le score passe en dessous. Chaque octroi et chaque retrait est une décision consignée dont le travailleur peut demander le réexamen par une personne de votre organisation.
grants-performance-terms = Accordée à partir de { $score } % de réponses justes
grants-performance-controls = { $count ->
    [0] dès la première réponse de contrôle
    [one] après { $count } réponse de contrôle
   *[other] après { $count } réponses de contrôle
}
grants-pass-score = Score de réussite (pourcentage de réponses de contrôle justes)
grants-min-controls = Réponses de contrôle nécessaires d'abord
err-coco-needs-boxes = COCO contient des rectangles englobants, et le modèle de ce projet est { $kind } : choisissez jsonl, csv, parquet ou hf
err-yolo-needs-size = YOLO divise chaque rectangle par la taille de son image, et l'élément { $item } n'a pas de champs image_width et image_height : ajoutez-les aux éléments (en pixels), ou choisissez coco

## Contenu sensible (issue 16 : consentement, plafond d'exposition, pauses)
problem-sensitive-opt-in-unknown = « { $value } » n'est pas une catégorie sensible ici ; les catégories connues sont : { $known }
err-settings-invalid = Les réglages ont des problèmes ; chacun est indiqué avec sa place.
settings-sensitive = Contenu sensible
settings-sensitive-legend = Me proposer du travail avec
settings-sensitive-hint = Les projets qui peuvent montrer un contenu pénible disent de quel type. Leurs éléments ne vous sont proposés que pour les types cochés ici, et seulement jusqu'à une limite quotidienne de temps mesuré pour chacun. Décochez un type à tout moment.
settings-minutes = { $count ->
    [0] 0 minute
    [one] { $count } minute
   *[other] { $count } minutes
}
settings-exposure = Votre temps sur du contenu sensible
settings-exposure-none = Aucun temps sur du contenu sensible ces 30 derniers jours.
settings-exposure-category = Type
settings-exposure-today = Aujourd'hui (UTC)
settings-exposure-week = 7 derniers jours
settings-exposure-month = 30 derniers jours
sensitive-panel = Ce projet peut montrer un contenu pénible.
sensitive-counter = { $category } : { $minutes } sur { $cap ->
    [one] { $cap } minute
   *[other] { $cap } minutes
} aujourd'hui
sensitive-wellbeing = Soutien et bien-être
sensitive-reveal = Afficher le média
sensitive-hide = Flouter à nouveau le média
sensitive-show-text = Afficher le texte
sensitive-noscript = Le média est flouté ; ouvrez-le seul si vous choisissez de le voir.
sensitive-break = Vous travaillez sur du contenu sensible depuis un moment sans pause. Une pause aide : le travail vous attendra.
sensitive-break-take = Faire une pause (rendre cet élément, sans frais)
sensitive-break-dismiss = Continuer
why-sensitive-opt-in = Il peut montrer un contenu que vous n'avez pas choisi de voir ({ $kinds }) : cochez-le dans vos réglages si vous l'acceptez.
why-sensitive-cap = Vous avez atteint la limite du jour de { $minutes } minutes pour { $kind } : ses éléments vous sont proposés de nouveau à partir de 00:00 UTC.
# Issue 15 (kinds1): spans, polygons, keypoints
kind-spans = Segments de texte
answer-spans-unknown-key = clé inconnue « { $key } » ; la réponse est { "{" }"spans": [...]{ "}" }
answer-spans-missing = « spans » manque ; envoyez [] s'il n'y a aucun segment
answer-spans-not-object = la réponse doit être un objet { "{" }"spans": [...]{ "}" }, pas { json-type }
answer-spans-not-array = « spans » doit être un tableau, pas { json-type }
answer-spans-at-least = marquez au moins { $min } segments (reçu { $count })
answer-spans-at-most = marquez au plus { $max } segments (reçu { $count })
answer-span-not-object = un segment doit être un objet { "{" }"start", "end", "label"{ "}" }, pas { json-type }
answer-span-unknown-key = clé inconnue « { $key } » ; un segment a start, end et label
answer-span-offset-missing = « { $key } » du segment manque (une position en caractères depuis 0)
answer-span-offset-not-count = « { $key } » du segment doit être un nombre entier de caractères depuis 0 (reçu { $value })
answer-span-empty = le segment doit finir après son début (début { $start }, fin { $end })
answer-span-past-end = le segment finit après la fin du texte (fin { $end }, le texte a { $length } caractères)
answer-span-overlap = ce segment chevauche le segment { $other } : les segments ne peuvent pas se chevaucher
answer-mark-label-not-string = l'étiquette doit être du texte, pas { json-type }
answer-mark-label-missing = l'étiquette manque
spans-help = Touchez (ou cliquez) le premier mot, puis le dernier, puis une étiquette. Au clavier : les flèches déplacent, Maj+flèches étendent, un chiffre choisit une étiquette, Suppr retire un segment.
spans-labels = Étiqueter les mots choisis
spans-delete = Supprimer
spans-clear = Effacer la sélection
spans-none = Aucun segment marqué pour l'instant.
spans-need-js = Marquer des segments nécessite JavaScript, désactivé dans ce navigateur.
answer-plain-spans = Marquez les segments à nouveau, puis envoyez.
edit-field-span-text-field = Champ de l'élément qui porte le texte (par défaut : text)
edit-field-span-labels = Étiquettes des segments (une par ligne)
edit-field-custom-html = Le HTML de votre page
edit-custom-html-hint = Elle s'exécute dans un cadre isolé, sans réseau : lisez l'élément dans handprint.data et envoyez la réponse avec handprint.submit(réponse).
edit-field-custom-height = Hauteur du cadre (pixels)
edit-field-custom-schema = Le schéma JSON de la réponse
form-custom-schema-json = le schéma de réponse n'est pas du JSON : { $why }
# Fair allocation and pay including unpaid time (issue 16, part alloc)
worktime-title = Paie horaire, temps non payé compris
worktime-hint = Le temps de tâche va de la prise d’une tâche à son envoi. Le temps non payé y ajoute les tâches rendues ou expirées, les items de test et la recherche entre deux tâches (les intervalles de 10 minutes au plus entre deux travaux).
worktime-hourly-task = Par heure de tâche
worktime-hourly-all = Par heure, temps non payé compris
worktime-unpaid = Temps non payé
worktime-minutes = { $count ->
    [0] aucune minute
    [one] { $count } minute
   *[other] { $count } minutes
}
worktime-unanswered = { $count ->
    [0] aucune minute sur des tâches rendues ou expirées
    [one] { $count } minute sur des tâches rendues ou expirées
   *[other] { $count } minutes sur des tâches rendues ou expirées
}
worktime-tests = { $count ->
    [0] aucune minute sur des tests
    [one] { $count } minute sur des tests
   *[other] { $count } minutes sur des tests
}
worktime-searching = { $count ->
    [0] aucune minute de recherche
    [one] { $count } minute de recherche
   *[other] { $count } minutes de recherche
}
## Worker voice (issue 16): reviews of requesters, messages
problem-review-project = « { $value } » n'est pas un projet de cette organisation : envoyez l'identifiant d'un de ses projets sur lequel vous avez travaillé
problem-review-rating = doit être un nombre entier de 1 à 5 (reçu { $value })
problem-review-signature = dépasse { $max } caractères : raccourcissez-le, ou laissez-le vide pour rester anonyme
err-review-invalid = L'avis a des problèmes ; chacun est indiqué avec son champ.
err-review-not-worked = Seul un travailleur ayant envoyé au moins une réponse à « { $project } » peut donner son avis sur son demandeur : faites d'abord une de ses tâches.
    .api = only a worker who submitted at least one answer to project "{ $project }" may review its organisation
reviews-title = Avis des travailleurs
reviews-intro = Les travailleurs ayant fait au moins une tâche d'un projet donnent leur avis sur son demandeur. Les avis sont anonymes, sauf si le travailleur a choisi un nom pour signer.
reviews-none = Aucun avis pour l'instant.
reviews-count = Avis : { $n }
reviews-average = Note moyenne : { $average } / 5
reviews-stars = { $rating } / 5
reviews-anonymous = Un travailleur anonyme
reviews-signed = Signé : { $name }
reviews-about = Sur le projet « { $project } »
reviews-answer-by = La réponse du demandeur
reviews-write = Donner votre avis sur ce demandeur
reviews-write-hint = Un avis par projet ; écrire à nouveau sur le même projet modifie votre avis.
reviews-project = Projet
reviews-rating = Note (de 1 à 5)
reviews-text = Votre avis
reviews-signed-as = Signer d'un nom (laissez vide pour rester anonyme)
reviews-send = Envoyer l'avis
reviews-answer = Répondre publiquement
reviews-answer-send = Publier la réponse
reviews-done = Votre avis est publié.
reviews-done-answer = Votre réponse est publiée.
err-messages-not-a-party = Les messages sont entre un travailleur et un demandeur ; un opérateur n'y est pas partie et ne peut ni les lire ni en envoyer.
problem-message-assignment = « { $value } » n'est pas une tâche du travailleur de ce fil dans ce projet
problem-message-worker-to = laissez-le vide : le message d'un travailleur va au demandeur du projet
problem-message-assignment-all = un message à tous les travailleurs du projet ne porte sur aucune tâche en particulier : laissez-le vide, ou nommez un travailleur dans « to »
err-message-not-your-worker = « { $worker } » n'est pas un travailleur ayant travaillé pour votre organisation ou vous ayant écrit sur ce projet : vous ne pouvez écrire qu'à eux, ou à tous les travailleurs du projet (laissez « to » vide)
err-message-no-workers = Personne n'a encore envoyé de réponse à « { $project } » : il n'y a aucun travailleur à qui écrire.
## The kinds external_study and custom_html (issue 15, wt-kinds3)
problem-template-study-url-https = « study_url » doit être une adresse https (https://…), pour que le pseudonyme du travailleur voyage chiffré ; reçu « { $url } »
problem-template-study-url-host = « study_url » n'a pas de nom d'hôte après https:// ; écrivez l'adresse complète de l'étude
problem-template-study-url-space = « study_url » contient une espace ; écrivez l'adresse sans espace (codez-les en %20)
problem-template-study-url-pseudonym = « study_url » doit contenir {"{"}pseudonym{"}"} là où va le pseudonyme du travailleur, par exemple https://survey.example.org/s?pid={"{"}pseudonym{"}"}
problem-template-study-url-placeholder = « study_url » contient un {"{"}…{"}"} autre que {"{"}pseudonym{"}"} ; c'est le seul rempli (codez les autres accolades en %7B et %7D)
problem-template-study-codes-not-list = « completion_codes » doit être la liste des codes que votre étude affiche à la fin, pas { json-type }
problem-template-study-codes-count = « completion_codes » doit contenir de 1 à { $max } codes (reçu : { $count })
problem-template-study-code-not-text = un code de fin doit être un texte, pas { json-type }
problem-template-study-code-form = le code de fin « { $code } » doit compter de 1 à { $max } lettres, chiffres, « - » ou « _ »
problem-template-study-code-twice = le code de fin « { $code } » figure deux fois (les codes sont comparés sans tenir compte de la casse)
answer-study-not-object = la réponse doit être {"{"}"completion_code": "…"{"}"}, pas { json-type }
answer-study-unknown-key = clé inconnue « { $key } » ; la réponse n'a que « completion_code »
answer-study-code-not-text = le code de fin doit être un texte, pas { json-type }
answer-study-code-missing = le code de fin manque ; copiez le code que l'étude affiche à la fin
answer-study-code-wrong = « { $code } » n'est pas un code de fin de cette étude ; copiez exactement le code que l'étude affiche à la fin, ou rendez la tâche si vous n'avez pas fini l'étude
err-labels-not-aggregated = les réponses { $kind } ne sont pas agrégées en étiquettes ; téléchargez plutôt les réponses (export, format jsonl ou csv)
study-leave = Cette tâche est une étude sur le site du demandeur, { $host }. Vous quittez Handprint pour la faire : ouvrez l'étude, terminez-la là-bas, puis revenez sur cette page avec le code de fin qu'elle affiche à la fin.
study-pseudonym = L'étude reçoit votre pseudonyme pour ce projet, { $pseudonym }, jamais votre nom ni votre adresse e-mail. Handprint ne voit pas ce que vous y répondez.
study-open = Ouvrir l'étude (nouvel onglet)
study-time = Votre temps de travail compte depuis la prise de cette tâche jusqu'à l'envoi du code.
study-code = Code de fin
preview-study-owner = Les travailleurs quittent Handprint pour votre étude ; le lien porte le pseudonyme de chaque travailleur pour ce projet à la place de {"{"}pseudonym{"}"} (ici un exemple). Leur temps de travail est mesuré de la prise de la tâche à l'envoi du code. Codes acceptés (jamais montrés aux travailleurs) : { $codes }
preview-custom-saved = Le cadre montre votre page telle qu'enregistrée en dernier, isolée exactement comme les travailleurs la recevront : enregistrez pour y voir vos modifications.
preview-custom-unsaved = Enregistrez le projet pour voir votre page ici, dans le cadre isolé que recevront les travailleurs.
problem-template-schema-not-object = « answer_schema » doit être un objet JSON Schema, par exemple {"{"}"type": "object", "required": ["label"]{"}"}, pas { json-type }
problem-template-schema-invalid = « answer_schema » n'est pas un JSON Schema utilisable : { $why }
answer-custom-schema = la réponse ne correspond pas au schéma de réponse du projet : { $why }
custom-no-frame = La page propre du demandeur pour cette tâche s'affiche ici, dans un cadre isolé, quand un travailleur prend la tâche.
custom-frame-title = La page du demandeur pour cette tâche
custom-hint = Cette page est celle du demandeur : elle fonctionne à part de Handprint et ne voit rien de votre compte. Y répondre envoie votre réponse.
# Médias (issue 15)
task-media-original = Ouvrir l'original (taille réelle)
task-media-outside = Ce média est chargé depuis { $host }, le serveur du demandeur : ce serveur voit votre adresse internet quand votre navigateur le récupère.
err-media = Ce fichier n'a pas été enregistré.
err-media-name = Le nom de fichier « { $name } » ne peut pas être utilisé : { $why }. Renommez-le avec des lettres, des chiffres, « . », « _ », « - » et « / » entre dossiers.
err-media-name-missing = Un fichier envoyé comme corps entier a besoin de son nom : ajoutez ?name=FICHIER à l'adresse (par exemple ?name=chat-001.jpg), ou envoyez un formulaire multipart ou un zip.
err-media-type = { $name } est de type { $type }, que Handprint ne stocke pas. Types acceptés : { $types }. Convertissez-le, ou envoyez-le avec le bon Content-Type ou la bonne extension.
err-media-too-big = { $name } fait { $bytes } octets, au-delà de la limite de { $limit } octets par fichier. Réduisez-le (résolution ou débit plus bas) et envoyez-le à nouveau.
err-media-body-too-big = L'envoi { $name } dépasse la limite de { $limit } octets. Envoyez les fichiers un par un, ou en plusieurs zips plus petits.
err-media-not-that-type = { $name } a été envoyé comme { $type }, mais son contenu n'est pas un fichier { $type }. Envoyez-le avec son vrai type, ou convertissez-le.
err-media-quota = { $name } n'a pas été stocké : les médias de votre organisation prendraient { $adding } octets de plus, et { $used } de ses { $limit } octets sont utilisés. Supprimez les médias des projets terminés, ou demandez à un opérateur d'augmenter max_media_mb_per_org.
err-media-zip = Le zip ne peut pas être lu ({ $why }). Refaites-le avec un outil zip standard.
err-media-multipart = Le formulaire multipart ne peut pas être lu ({ $why }). Envoyez du multipart/form-data avec un fichier par partie.
err-media-none-stored = Aucun fichier n'a été stocké : le problème de chacun est listé dans errors.
err-media-signature = Cette adresse de média n'est pas valide : elle a été modifiée ou n'a pas été faite par cette instance. Rechargez la tâche pour en obtenir une nouvelle.
err-media-expired = Cette adresse de média a expiré. Rechargez la tâche pour en obtenir une nouvelle.
err-media-source-name = « { $name } » ne peut pas nommer une source : utilisez de 1 à 40 lettres minuscules, chiffres, « - » et « _ » (les éléments écrivent alors NOM:clé).
err-media-source-endpoint = Le point d'accès « { $endpoint } » n'est pas une adresse web : indiquez le serveur compatible S3 sous la forme https://hôte (ou http:// sur un réseau privé), ou omettez-le pour AWS.
err-media-source-bucket = « { $bucket } » n'est pas un nom de bucket : de 3 à 63 lettres minuscules, chiffres, « - » et « . ».
err-media-source-credential = { $field } manque : donnez la clé avec laquelle l'instance lit le bucket (une clé en lecture seule suffit).
err-media-source-unreachable = Le bucket { $bucket } (préfixe « { $prefix } ») n'a pas pu être listé avec ces réglages : { $why }. Vérifiez le point d'accès, le nom et la région du bucket, et que la clé peut le lister et le lire.
err-media-source-taken = Le projet a déjà une source nommée { $name } : retirez-la d'abord (DELETE …/media/sources/{ $name }), ou choisissez un autre nom.
err-media-source-unknown = Le projet n'a pas de source nommée { $name }.
err-import-media-missing = Le champ { $field } nomme le fichier « { $name } », qui n'est pas envoyé dans ce projet. Envoyez-le d'abord (POST /api/v1/projects/ID/media, ou handprint media upload), ou corrigez le nom.
## kinds2: the pairwise and segments kinds, and preference exports (issues 15 and 14)
problem-template-pairwise-show = « show » doit valoir "text", "image" ou "audio" (reçu { $value })
problem-template-pairwise-same-field = le champ « { $field } » est déjà « { $other } » : chaque option et l'invite ont besoin de leur propre champ
answer-pairwise-not-side = la réponse doit être le côté préféré, en texte ({ $choices }), pas { json-type }
answer-pairwise-unknown-side = « { $value } » n'est pas un côté ; répondez l'un de { $choices }
answer-pairwise-no-tie = ce projet n'accepte pas l'égalité : répondez "left" ou "right"
pairwise-choose = Lequel est le meilleur ?
pairwise-prompt = Consigne
pairwise-left = Gauche
pairwise-right = Droite
pairwise-tie = Aucun : ils se valent
pairwise-keys = Touches : ← choisit la gauche, → la droite, Entrée envoie.
pairwise-keys-tie = Touches : ← choisit la gauche, → la droite, ↓ l'égalité, Entrée envoie.
err-preferences-needs-pairwise = les données de préférence contiennent des comparaisons par paires, et le modèle de ce projet est { $kind } : choisissez jsonl, csv, parquet ou hf
err-preferences-no-labels = les données de préférence donnent chaque réponse comme une paire, pas des étiquettes agrégées : retirez les étiquettes, ou choisissez un autre format
export-format-preferences = Paires de préférence (prompt, chosen, rejected ; projets par paires)
# Issue 16 : alertes de travail (réglages, notifications, flux, courriel) et avis de message.
problem-alerts-key = { $key } n'est pas un réglage d'alerte : les réglages sont { $keys }
problem-alerts-boolean = doit valoir true ou false
problem-alerts-list = doit être une liste de textes
problem-alerts-text = doit être un texte
problem-alerts-kind = { $value } n'est pas un type de tâche : les types sont { $kinds }
problem-alerts-end-use = { $value } n'est pas un usage final : les usages sont { $end_uses }
problem-alerts-amount = doit être un montant en { $currency } écrit comme un texte (par ex. "12.50"), ou null pour aucun minimum
err-feed-none = Vous n'avez pas d'adresse de flux à révoquer : POST /api/v1/me/feed en crée une.
err-feed-unknown = Aucun flux n'a cette adresse : elle a été révoquée ou remplacée. Créez-en une nouvelle dans vos réglages.
mail-alert-subject = { $count ->
    [one] Nouveau travail pour vous : { $title }
   *[other] { $count } nouveaux projets pour vous
}
mail-alert-text =
    Bonjour { $name },

    { $count ->
        [one] Un projet dont vous avez demandé à être averti a du travail pour vous :
       *[other] { $count } projets dont vous avez demandé à être averti ont du travail pour vous :
    }

    { $projects }

    Vous recevez ce message parce que les alertes de travail par courriel sont activées dans vos réglages. Pour les modifier ou ne plus recevoir ces messages, ouvrez { $settings }
mail-message-subject = { $organization } vous a écrit au sujet de { $project }
mail-message-text =
    Bonjour { $name },

    { $organization } vous a écrit au sujet du projet { $project } :

    { $text }

    Lisez-le et répondez ici : { $link }

    Vous recevez ce message parce que les avis de message par courriel sont activés dans vos réglages. Pour ne plus les recevoir, ouvrez { $settings }
nav-notifications = Alertes
nav-unread = { $count ->
    [one] { $count } alerte non lue
   *[other] { $count } alertes non lues
}
nav-messages = Messages
notifications-title = Alertes de travail
notifications-unread = { $count ->
    [0] Aucune alerte non lue.
    [one] { $count } alerte non lue.
   *[other] { $count } alertes non lues.
}
notifications-none = Aucune alerte pour l'instant : quand un projet auquel vous pouvez travailler et dont vous voulez être averti ouvre, il apparaît ici.
notifications-mark-read = Marquer comme lue
notifications-mark-all = Tout marquer comme lu
notifications-reason-published = nouveau projet
notifications-reason-resumed = rouvert
notifications-reason-new_items = nouveaux éléments
notifications-settings = Comment vous êtes averti
notifications-how = Me prévenir du nouveau travail
notifications-in-app = dans cette liste (et le compteur du menu)
notifications-email = par courriel (un message par vague de nouveau travail)
notifications-message-email = et m'écrire quand un demandeur m'envoie un message
notifications-no-mail = Cette instance n'envoie pas de courriel : aucun relais n'a été configuré par un opérateur.
notifications-filters-hint = Ne cochez rien dans une liste pour tout recevoir. Vos alertes, vos e-mails et votre flux suivent ces filtres ; la page « Trouver du travail » montre tout le travail qui vous est ouvert.
notifications-saved = Vos réglages d'alerte sont enregistrés.
notifications-feed = Flux du travail qui vous correspond
notifications-feed-hint = Une adresse de flux Atom privée pour votre lecteur de flux. Qui la connaît voit le travail qui vous est ouvert : créez-en une nouvelle pour la remplacer, ou révoquez-la.
notifications-feed-new = Créer une nouvelle adresse de flux
notifications-feed-revoke = Révoquer l'adresse du flux
notifications-feed-made = Votre adresse de flux (affichée une seule fois) :
notifications-feed-revoked = L'adresse du flux est révoquée.
messages-title = Messages
messages-none = Aucun message pour l'instant.
messages-you = Vous
messages-worker = La personne qui a travaillé
messages-requester-all = { $organization }, à toutes les personnes du projet
messages-thread-worker = { $project } : travailleur { $worker }
messages-thread-requester = { $project } : { $organization }
messages-reply = Votre réponse
messages-send = Envoyer
messages-text = Votre message
messages-sent = Votre message est envoyé.
messages-new-about = Écrire au demandeur au sujet de { $project }
messages-to-all = Écrire à toutes les personnes d'un projet
messages-to-all-hint = Seules les personnes qui ont soumis une réponse au projet le reçoivent.
messages-project = Projet
messages-write = Écrire au demandeur

# Issue 15 : segments audio et vidéo
kind-segments = Segments audio ou vidéo
problem-template-segments-media-required = « media » est obligatoire : le son ou la vidéo à segmenter, par exemple { "{" }"type": "audio", "field": "audio"{ "}" }
problem-template-segments-media-timeline = les segments se marquent sur une ligne de temps : le « type » du média doit être "audio" ou "video" (reçu { $value })
answer-segments-unknown-key = clé inconnue « { $key } » ; la réponse est { "{" }"segments": [...]{ "}" }
answer-segments-missing = « segments » manque ; envoyez [] s’il n’y a aucun segment
answer-segments-not-object = la réponse doit être un objet { "{" }"segments": [...]{ "}" }, pas { json-type }
answer-segments-not-array = « segments » doit être un tableau, pas { json-type }
answer-segments-at-least = { $min ->
    [one] marquez au moins { $min } segment (reçu { $count })
   *[other] marquez au moins { $min } segments (reçu { $count })
}
answer-segments-at-most = { $max ->
    [one] marquez au plus { $max } segment (reçu { $count })
   *[other] marquez au plus { $max } segments (reçu { $count })
}
answer-segment-not-object = un segment doit être un objet { "{" }"start", "end", "label"{ "}" }, pas { json-type }
answer-segment-unknown-key = clé inconnue « { $key } » ; un segment a start, end et label
answer-segment-time-missing = le « { $key } » du segment manque (en secondes depuis le début du média)
answer-segment-time-not-seconds = le « { $key } » du segment doit être un nombre de secondes, 0 ou plus (reçu { $value })
answer-segment-empty = le segment doit finir après son début (début { $start }, fin { $end })
answer-segment-overlap = ce segment chevauche le segment { $other } : les segments ne peuvent pas se chevaucher dans ce projet
segments-help = Lancez l’enregistrement, appuyez sur [ (ou « Début ici ») où un segment commence et sur ] (ou « Fin ici ») où il finit ; un chiffre ou un bouton d’étiquette choisit d’abord son étiquette. Espace lance et met en pause, ← et → reculent ou avancent d’une seconde.
segments-player = Lecteur
segments-play = Lecture ou pause
segments-back = Reculer d’une seconde
segments-forward = Avancer d’une seconde
segments-speed = Vitesse
segments-labels = Étiquette du prochain segment
segments-mark-start = Début ici
segments-mark-end = Fin ici
segments-started = Commencé à { $time } s : appuyez sur ] (ou « Fin ici ») où il finit.
segments-too-short = Un segment doit finir après son début : continuez la lecture, puis marquez sa fin.
segments-full = Vous ne pouvez plus marquer de segment sur cette tâche.
segments-none = Aucun segment marqué pour l’instant.
segments-start = Début (s)
segments-end = Fin (s)
segments-label = Étiquette
segments-play-from = Écouter
segments-delete = Supprimer
segments-need-js = Marquer des segments demande JavaScript, désactivé dans ce navigateur.
answer-plain-segments = Marquez de nouveau les segments, puis envoyez.

## Issue 15 (wt-geo): the polygons and keypoints kinds
kind-polygons = Polygones (segmentation)
kind-keypoints = Points clés (squelette)
problem-template-image-required = « media » est obligatoire : l'image sur laquelle on dessine des { $kind }, par exemple { "{" }"type": "image", "field": "image_url"{ "}" }
problem-template-media-image = les { $kind } se dessinent sur une image : le « type » de media doit être "image" (reçu "{ $value }")
problem-template-points-not-array = « points » doit être une liste de noms de points, pas { json-type }
problem-template-points-required = « points » est obligatoire : les noms des points du squelette, par exemple ["nose", "left_eye", "right_eye"]
problem-template-points-count = donnez entre 1 et { $max } noms de points (reçu { $count })
problem-template-point-twice = le point « { $name } » figure deux fois ; les noms de points doivent être uniques
problem-template-edges-not-array = « edges » doit être une liste de paires de noms de points, par exemple [["nose", "left_eye"]], pas { json-type }
problem-template-edge-not-pair = une arête est une paire de deux noms de points, par exemple ["nose", "left_eye"] (reçu { $value })
problem-template-edge-unknown-point = { $value } n'est pas l'un des points ; utilisez { $points }
problem-template-edge-loop = une arête relie deux points différents (« { $name } » deux fois)
problem-template-edge-twice = l'arête entre « { $a } » et « { $b } » figure deux fois
answer-polygons-unknown-key = clé inconnue « { $key } » ; la réponse est { "{" }"polygons": [...]{ "}" }
answer-polygons-missing = « polygons » manque ; envoyez [] s'il n'y a aucun polygone
answer-polygons-not-object = la réponse doit être un objet { "{" }"polygons": [...]{ "}" }, pas { json-type }
answer-polygons-not-array = « polygons » doit être une liste, pas { json-type }
answer-polygons-at-least = dessinez au moins { $min } polygones (reçu { $count })
answer-polygons-at-most = dessinez au plus { $max } polygones (reçu { $count })
answer-polygon-not-object = un polygone doit être un objet { "{" }"label", "points"{ "}" }, pas { json-type }
answer-polygon-unknown-key = clé inconnue « { $key } » ; un polygone a label et points
answer-polygon-points-missing = les « points » du polygone manquent : une liste de paires [x, y]
answer-polygon-points-not-array = les « points » du polygone doivent être une liste de paires [x, y], pas { json-type }
answer-polygon-too-few-points = un polygone a besoin d'au moins { $min } points (reçu { $count })
answer-polygon-too-many-points = un polygone a au plus { $max } points (reçu { $count })
answer-polygon-point-not-pair = un point est une paire [x, y] de nombres (reçu { $value })
answer-polygon-point-not-number = une coordonnée doit être un nombre de pixels, pas { json-type }
answer-polygon-point-outside = { $axis } = { $value } est hors de l'image (de 0 à { $limit } pixels)
answer-polygon-no-area = le polygone n'a pas de surface : ses points sont alignés
answer-polygon-self-intersecting = le polygone se croise : son côté du point { $edge } au point { $next } rencontre le côté du point { $other } au point { $other_next } ; tracez son contour dans l'ordre autour de la forme
answer-keypoints-unknown-key = clé inconnue « { $key } » ; la réponse est { "{" }"points": { "{" }...{ "}" }{ "}" }
answer-keypoints-missing = « points » manque : chaque point du squelette, placé ou non visible
answer-keypoints-not-object = la réponse doit être un objet { "{" }"points": { "{" }...{ "}" }{ "}" }, pas { json-type }
answer-keypoints-not-map = « points » doit être un objet indexé par nom de point, pas { json-type }
answer-keypoint-unknown = « { $name } » n'est pas un point du squelette ; les points sont { $points }
answer-keypoint-missing = le point « { $name } » manque : placez-le, ou envoyez { "{" }"visible": false{ "}" }
answer-keypoint-not-object = un point doit être un objet { "{" }"x", "y"{ "}" } ou { "{" }"visible": false{ "}" }, pas { json-type }
answer-keypoint-unknown-key = clé inconnue « { $key } » ; un point a x, y et visible
answer-keypoint-visible-not-flag = « visible » doit valoir true ou false, pas { json-type }
answer-keypoint-coordinate-missing = le « { $key } » du point manque (ou envoyez "visible": false)
answer-keypoint-coordinate-not-number = le « { $key } » du point doit être un nombre de pixels, pas { json-type }
answer-plain-polygons = Dessinez de nouveau les polygones, puis envoyez.
answer-plain-keypoints = Placez de nouveau les points, puis envoyez.
polygons-help = Touchez ou cliquez l'image pour ajouter des points ; Entrée ou un double appui ferme le polygone, Retour arrière retire le dernier point, Échap l'annule ; un chiffre choisit l'étiquette. Entre { $min } et { $max } polygones.
polygons-new-label = Étiquette des nouveaux polygones
polygons-label = Étiquette du polygone
polygons-polygon = Polygone
polygons-delete = Supprimer
polygons-close = Fermer le polygone
polygons-undo = Retirer le dernier point
polygons-cancel = Annuler
polygons-need-js = Dessiner des polygones demande JavaScript, désactivé dans ce navigateur.
keypoints-help = Choisissez un point, puis touchez ou cliquez l'endroit où il se trouve sur l'image ; le point suivant est choisi pour vous. Touches : un chiffre ou les flèches choisissent un point, V le marque non visible, Retour arrière le retire.
keypoints-point = Point à placer
keypoints-not-visible = Non visible
keypoints-clear = Retirer
keypoints-need-js = Placer des points demande JavaScript, désactivé dans ce navigateur.
err-coco-needs-marks = COCO contient des rectangles englobants, des polygones ou des points clés, et le modèle de ce projet est { $kind } : choisissez jsonl, csv, parquet ou hf
edit-field-seg-labels = Étiquettes des segments (une par ligne) ; l’enregistrement est le média ci-dessus, un son ou une vidéo
edit-field-seg-overlap = Les segments d’un même travailleur peuvent se chevaucher

## Confiance et sécurité (ticket 16)
nav-trust = Confiance et sécurité
trust-title = Confiance et sécurité
trust-intro = Chaque décision ici vous revient et demande une raison écrite ; les personnes concernées la voient, et le journal ci-dessous la garde. Rien d'automatique ne suspend quiconque ni ne retire un projet.
trust-verified-badge = vérifié
work-filter-verified = Seulement les demandeurs vérifiés
work-taken-down = « { $title } » a été retiré par un opérateur : { $reason }. Le travail que vous y avez envoyé est payé.
record-verified-by = Vérifié par { $who } le { $when }. Ce qui a été vérifié :
record-unverified = Pas encore vérifié par un opérateur.
trust-reports-open = { $count ->
    [0] Aucun signalement ouvert
    [one] { $count } signalement ouvert
   *[other] { $count } signalements ouverts
}
trust-suspensions = { $count ->
    [0] Aucune suspension en cours
    [one] { $count } suspension en cours
   *[other] { $count } suspensions en cours
}
trust-decision = Décision
trust-dismiss = Classer le signalement
trust-take-down = Retirer le projet
trust-reason = Raison (montrée aux personnes concernées)
trust-decide = Décider
trust-lift = Lever la suspension
trust-uphold = Maintenir la suspension
trust-suspension-reason = Raison : { $reason }
trust-appeal-text = Recours : { $text }
trust-appeal-other-operator = Vous avez suspendu ce compte : un autre opérateur décide de son recours.
trust-no-appeal = Pas encore de recours.
trust-appeal-lifted = Recours accepté : la suspension est levée.
trust-appeal-upheld = Recours refusé : la suspension est maintenue.
trust-suspend-title = Suspendre un compte
trust-suspend = Suspendre
trust-verify-title = Vérification des demandeurs
trust-checks = Ce que vous avez vérifié, un point par ligne (identité, immatriculation, contact…)
trust-verify = Enregistrer la vérification
trust-revoke = Révoquer la vérification
trust-takedown-hint = Les travailleurs gardent ce qu'ils ont gagné : le travail envoyé est approuvé et payé, les tâches en cours sont libérées, et le reste du séquestre revient au demandeur.
trust-project-id = Identifiant du projet
trust-log = Journal
trust-log-when = Quand
trust-log-who = Qui
trust-log-what = Quoi
trust-log-subject = Sur
trust-action-verify = a vérifié un demandeur
trust-action-revoke-verification = a révoqué une vérification
trust-action-dismiss-report = a classé un signalement
trust-action-take-down = a retiré un projet
trust-action-suspend = a suspendu un compte
trust-action-appeal = a formé un recours
trust-action-lift-suspension = a levé une suspension
trust-action-uphold-suspension = a maintenu une suspension
trust-done-dismissed = Signalement classé.
trust-done-taken-down = Projet retiré ; son travail fait est payé.
trust-done-suspended = Compte suspendu.
trust-done-lifted = Suspension levée.
trust-done-upheld = Suspension maintenue.
trust-done-verified = Vérification enregistrée.
trust-done-revoked = Vérification révoquée.
suspended-title = Votre compte est suspendu
suspended-since = Un opérateur a suspendu votre compte le { $when }.
suspended-reason = Sa raison :
suspended-effect = Tant qu'il est suspendu, vous ne pouvez ni prendre de travail ni agir sur des projets. L'argent gagné reste le vôtre.
suspended-appeal-title = Recours
suspended-appeal-hint = Vous pouvez former un recours une fois, avec vos mots. Un autre opérateur que celui qui vous a suspendu en décide.
suspended-appeal-label = Pourquoi la suspension devrait être levée
suspended-appeal-send = Envoyer le recours
suspended-appealed = Votre recours :
suspended-appeal-waiting = Un autre opérateur décidera de votre recours.
err-not-found-report = Ce signalement n'existe pas.
    .api = report not found
err-not-found-suspension = Cette suspension n'existe pas.
    .api = suspension not found
err-trust-reason-missing = écrivez la raison : les personnes concernées la verront
err-verification-checks-missing = nommez au moins une chose vérifiée (par ex. « identité du signataire »)
err-verification-checks-long = au plus { $max } points d'au plus { $chars } caractères chacun
err-report-outcome = la décision « { $outcome } » n'est pas proposée : utilisez dismiss ou take_down
err-appeal-outcome = la décision « { $outcome } » n'est pas proposée : utilisez lift ou uphold
err-not-verified = cette organisation n'a pas de vérification en cours à révoquer
err-report-decided = ce signalement a déjà été décidé
err-project-taken-down = ce projet a déjà été retiré
err-takedown-closed = ce projet est { $state } : il n'offre plus de travail et ne peut pas être retiré
err-already-suspended = ce compte est déjà suspendu
err-suspend-self = un opérateur ne peut pas suspendre son propre compte
err-not-suspended = ce compte n'est pas suspendu
err-appeal-once = cette suspension a déjà fait l'objet d'un recours : un seul recours est possible
err-appeal-not-open = cette suspension n'a pas de recours en attente de décision
err-appeal-same-operator = vous avez suspendu ce compte : un autre opérateur doit décider de son recours
err-account-suspended = ce compte est suspendu par un opérateur : { $reason }. Lisez-la et formez un recours une fois avec GET /api/v1/me/suspension et POST /api/v1/me/suspension/appeal
err-no-such-account = aucun compte n'a l'adresse { $email }
nav-forum = Forum
err-forum-workers-only = Le forum est le lieu des travailleurs : les demandeurs ne peuvent ni le lire ni y écrire.
err-forum-no-category = Pas de catégorie de forum { $id } : choisissez-en une dans la liste du forum.
err-forum-no-thread = Pas de discussion { $id } que vous puissiez lire : elle a peut-être été masquée, ou n'a jamais existé.
err-forum-no-post = Pas de message de forum { $id }.
err-forum-page = « { $value } » n'est pas un numéro de page : utilisez un nombre entier à partir de 1.
err-forum-invalid = Le message a des problèmes ; chacun est indiqué avec son champ.
err-forum-moderation-invalid = L'acte de modération a des problèmes ; chacun est indiqué avec son champ.
err-forum-thread-locked = Cette discussion est verrouillée : elle n'accepte plus de messages (un opérateur l'a verrouillée ; la raison est sur la discussion).
err-forum-thread-hidden = Cette discussion est masquée par un opérateur : elle n'accepte plus de messages.
err-forum-too-many-posts = { $count ->
    [one] Vous avez écrit { $posts } messages dans la dernière minute : attendez une minute avant d'écrire à nouveau.
   *[other] Vous avez écrit { $posts } messages dans les { $count } dernières minutes : attendez quelques minutes avant d'écrire à nouveau.
}
problem-forum-title-empty = ne doit pas être vide
problem-forum-title-long = dépasse { $max } caractères : raccourcissez-le
problem-forum-search-empty = tapez au moins un mot à chercher
problem-forum-search-long = dépasse { $max } caractères : cherchez moins de mots
problem-forum-action = « { $value } » n'est pas une action possible ici : utilisez { $choices }
forum-title = Forum des travailleurs
forum-intro = Un lieu où les travailleurs se parlent. Un opérateur peut masquer un message ou verrouiller une discussion, toujours avec une raison écrite montrée à son auteur ; rien d'automatique ne lit ce que vous écrivez. Les demandeurs ne peuvent pas lire le forum.
forum-categories = Catégories
forum-none = Pas encore de catégorie : un opérateur les crée.
forum-threads-count = { $count ->
    [0] aucune discussion
    [one] { $count } discussion
   *[other] { $count } discussions
}
forum-posts-count = { $count ->
    [0] aucun message
    [one] { $count } message
   *[other] { $count } messages
}
forum-results-count = { $count ->
    [0] Rien trouvé.
    [one] { $count } message trouvé.
   *[other] { $count } messages trouvés.
}
forum-search = Chercher dans le forum
forum-search-send = Chercher
forum-search-title = Recherche : { $q }
forum-new-category = Nouvelle catégorie
forum-category-name = Nom
forum-category-description = Ce qui y a sa place
forum-category-create = Créer la catégorie
forum-category-done = La catégorie est créée.
forum-back = Toutes les catégories
forum-no-threads = Pas encore de discussion : lancez la première.
forum-new-thread = Lancer une discussion
forum-thread-title = Titre
forum-thread-text = Ce que vous voulez dire
forum-thread-send = Publier la discussion
forum-by = { $author } · { $when }
forum-last-post = Dernier message { $when }
forum-locked = Verrouillée
forum-hidden = Masquée
forum-locked-notice = Cette discussion est verrouillée et n'accepte plus de messages. La raison de l'opérateur : { $reason }
forum-hidden-thread-notice = Un opérateur a masqué cette discussion ; seuls vous et les opérateurs la voyez. La raison : { $reason }
forum-hidden-post-notice = Un opérateur a masqué ce message ; seuls son auteur et les opérateurs le voient. La raison : { $reason }
forum-reply = Votre réponse
forum-reply-send = Publier la réponse
forum-page = Page { $page } sur { $pages }
forum-previous = Page précédente
forum-next = Page suivante
forum-moderate = Modérer (opérateurs)
forum-moderate-reason = Raison, montrée à l'auteur
forum-moderate-hide = Masquer le message
forum-moderate-restore = Afficher à nouveau le message
forum-moderate-action = Action sur la discussion
forum-action-hide = Masquer la discussion
forum-action-restore = Afficher à nouveau la discussion
forum-action-lock = Verrouiller la discussion
forum-action-unlock = Déverrouiller la discussion
forum-moderate-apply = Appliquer
forum-done-moderated = L'acte de modération est appliqué et consigné.
record-unpaid = Rémunération par heure, temps non payé compris
record-unpaid-hint = Comme l'OIT la mesure : ce que ses travailleurs ont reçu (récompenses, compléments et paiement des tests ; primes exclues) divisé par leur temps sur les tâches plus le temps qu'il n'a pas payé — tâches rendues ou expirées, tests, et recherche entre les tâches. Sur tous ses travailleurs ensemble ; le chiffre d'aucun travailleur n'est montré.
record-unpaid-task-hourly = Par heure de tâche seulement : { $amount }
record-unpaid-split = Temps sur les tâches : { $task } · temps non payé : { $unpaid }
edit-field-poly-labels = Étiquettes des polygones (une par ligne) ; l’image est le média ci-dessus
edit-field-kp-points = Les points du squelette (un nom par ligne, dans l’ordre)
edit-field-kp-edges = Les arêtes du squelette (facultatif, une par ligne)
edit-kp-edges-hint = Deux noms de points reliés par « - », par exemple : nose - left_eye
edit-field-kp-category = Ce que représente le squelette (facultatif, « object » si vide)
form-kp-edge-shape = « { $line } » n’est pas une arête : écrivez deux noms de points reliés par « - », par exemple nose - left_eye

## Alert filters on the page and per-assignment message threads (issue 16, wt-pages)
kind-external_study = Étude externe (questionnaire ou expérience)
kind-custom_html = Tâche en HTML sur mesure
kind-pairwise = Comparaison par paires
notifications-filters = Le travail dont vous êtes averti
notifications-kinds = Types de tâche
notifications-languages = Langues du projet
notifications-languages-none = Aucun projet ouvert n'indique encore de langue.
notifications-end-uses = Usages
notifications-min-pay = Paie horaire minimale ({ $currency }), vide pour toutes
notifications-min-pay-field = Paie horaire minimale
notifications-no-sensitive = Écarter les projets au contenu sensible (même les catégories que j'ai acceptées)
messages-about-assignment = Au sujet d'une tâche : { $item } ({ $when })
messages-new-assignment = Écrire au demandeur au sujet de cette tâche
messages-new-assignment-worker = Écrire à cette personne au sujet de cette tâche
history-write = Écrire au demandeur au sujet de cette tâche
review-write = Écrire à cette personne au sujet de cette tâche
