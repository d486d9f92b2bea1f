//! The message catalog. Each entry carries its English and German text side by side, so a key without
//! both languages does not compile. Placeholders are `{name}`; the tests check both texts use the same.

use super::Lang;

macro_rules! catalog {
    ($($key:ident => $en:literal, $de:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key { $($key),* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key),*];
        }

        pub(super) fn text(lang: Lang, key: Key) -> &'static str {
            match (lang, key) {
                $((Lang::En, Key::$key) => $en, (Lang::De, Key::$key) => $de,)*
            }
        }
    };
}

catalog! {
    AppName => "Tafel", "Tafel";
    SkipToContent => "Skip to content", "Zum Inhalt springen";
    MainNavigation => "Main navigation", "Hauptnavigation";
    ProjectViews => "Project views", "Projektansichten";
    NavProjects => "Projects", "Projekte";
    NavSettings => "Settings", "Einstellungen";
    NavBoard => "Board", "Board";
    NavTable => "Table", "Tabelle";
    NavGantt => "Gantt", "Gantt";
    Language => "Language", "Sprache";
    Theme => "Theme", "Farbschema";
    ThemeSystem => "As system", "Wie System";
    ThemeLight => "Light", "Hell";
    ThemeDark => "Dark", "Dunkel";
    Loading => "Loading…", "Wird geladen …";
    LocalStoreBadge => "Stored in this browser", "Im Browser gespeichert";
    Close => "Close", "Schließen";
    Cancel => "Cancel", "Abbrechen";
    Save => "Save", "Speichern";
    Delete => "Delete", "Löschen";
    Retry => "Retry", "Erneut versuchen";
    Dismiss => "Dismiss", "Ausblenden";
    Edit => "Edit", "Bearbeiten";
    Preview => "Preview", "Vorschau";
    Create => "Create", "Anlegen";
    NoneValue => "— none —", "— keine Angabe —";
    Unassigned => "Unassigned", "Nicht zugewiesen";
    Notifications => "Notifications", "Benachrichtigungen";

    ProjectsTitle => "Projects", "Projekte";
    ProjectsEmpty => "There are no projects yet.", "Es gibt noch keine Projekte.";
    ProjectSubprojectOf => "Subproject of {name}", "Unterprojekt von {name}";

    BoardTitle => "Board of {project}", "Board von {project}";
    CardCount => "{count} cards", "{count} Karten";
    CardCountOne => "1 card", "1 Karte";
    AddCardTo => "Add a card to {status}", "Karte in {status} anlegen";
    CardMoveHandle => "Move #{id} {subject}", "#{id} {subject} verschieben";
    CardOverdue => "Overdue", "Überfällig";
    CardDue => "Due {date}", "Fällig {date}";
    CardAssignee => "Assignee: {name}", "Zugewiesen an: {name}";
    CardPriority => "Priority: {name}", "Priorität: {name}";
    CardType => "Type: {name}", "Typ: {name}";
    EmptyColumn => "No cards", "Keine Karten";
    CardOf => "{index} of {count}", "{index} von {count}";
    BoardInstructions => "Arrow keys move between cards. To move a card with the keyboard, focus it and press Space. Arrow keys move it, Space or Enter drops it, Escape cancels. Enter opens a card. Shift and Space adds a card to the selection, which then moves together. M opens Move to….", "Pfeiltasten wechseln zwischen Karten. Um eine Karte per Tastatur zu verschieben, fokussieren Sie sie und drücken die Leertaste. Pfeiltasten verschieben sie, Leertaste oder Eingabe legt sie ab, Escape bricht ab. Eingabe öffnet eine Karte. Umschalt und Leertaste nimmt eine Karte in die Auswahl auf, die dann gemeinsam verschoben wird. M öffnet Verschieben nach….";
    AnnouncePickedUp => "Picked up {subject}. Column {column}, position {position} of {count}. Arrow keys move, Space or Enter drops, Escape cancels.", "{subject} aufgenommen. Spalte {column}, Position {position} von {count}. Pfeiltasten verschieben, Leertaste oder Eingabe legt ab, Escape bricht ab.";
    AnnounceMoved => "{subject}: column {column}, position {position} of {count}.", "{subject}: Spalte {column}, Position {position} von {count}.";
    AnnounceDropped => "Dropped {subject} in column {column} at position {position}.", "{subject} in Spalte {column} an Position {position} abgelegt.";
    AnnounceCancelled => "Move cancelled. {subject} is back in column {column}.", "Verschieben abgebrochen. {subject} ist wieder in Spalte {column}.";
    CannotMove => "{subject} cannot be moved: you may not change it.", "{subject} kann nicht verschoben werden: Sie dürfen es nicht ändern.";
    MoveNotAllowed => "The workflow does not allow moving {subject} to {column}.", "Der Workflow erlaubt nicht, {subject} nach {column} zu verschieben.";
    ColumnNotAllowed => "not allowed", "nicht erlaubt";
    MoveOverLimit => "{column} is at its limit of {limit} cards: {subject} was not moved.", "{column} hat sein Limit von {limit} Karten erreicht: {subject} wurde nicht verschoben.";
    WipLimitReached => "limit reached", "Limit erreicht";
    WipWithin => "{count} of {limit}", "{count} von {limit}";
    WipFull => "Limit reached: {count} of {limit}", "Limit erreicht: {count} von {limit}";
    WipOver => "⚠ Over limit: {count} of {limit}", "⚠ Über dem Limit: {count} von {limit}";
    WipLimits => "Limits", "Limits";
    WipLimitsHint => "Work-in-progress limit per column (empty for none). Counts include filtered-out cards; closed work counts only on boards by status.", "WIP-Limit je Spalte (leer für keins). Gezählt werden auch ausgefilterte Karten; Geschlossenes nur auf Boards nach Status.";
    WipHard => "Refuse moves into a full column", "Verschieben in volle Spalten verweigern";
    BoardColumnsBy => "Columns", "Spalten";
    BoardLanesBy => "Swimlanes", "Swimlanes";
    NoSwimlanes => "None", "Keine";
    ColumnsByLists => "Lists of my own", "Eigene Listen";
    EditLists => "Edit columns", "Spalten bearbeiten";
    EditListsHint => "Each column shows the cards that match its values and are in no column before it. A card moved into a column takes its values.", "Jede Spalte zeigt die Karten mit ihren Werten, die in keiner Spalte davor stehen. Eine hineinverschobene Karte erhält ihre Werte.";
    ListName => "Name of column {position}", "Name von Spalte {position}";
    ListAny => "Any", "Beliebig";
    ListFieldOf => "{field} of {column}", "{field} von {column}";
    ListMoveLeft => "Move {column} left", "{column} nach links";
    ListMoveRight => "Move {column} right", "{column} nach rechts";
    ListRemove => "Remove column {column}", "Spalte {column} entfernen";
    ListAdd => "Add column", "Spalte hinzufügen";
    ListNewName => "New column", "Neue Spalte";
    ListAll => "All cards", "Alle Karten";
    ListsEmpty => "This board has no columns yet. Add one under “Edit columns”.", "Dieses Board hat noch keine Spalten. Fügen Sie unter „Spalten bearbeiten“ eine hinzu.";
    NoVersion => "No version", "Keine Version";
    NoParent => "No parent", "Ohne übergeordnetes";
    CollapseColumn => "Collapse or expand {column}", "{column} ein- oder ausklappen";
    QuickAdd => "+ Add card", "+ Karte hinzufügen";
    QuickAddHidden => "The current filters hide #{id}.", "Die aktuellen Filter blenden #{id} aus.";
    QuickAddOverLimit => "{column} is at its limit of {limit} cards.", "{column} hat sein Limit von {limit} Karten erreicht.";
    MoreFields => "More fields…", "Weitere Felder…";
    QuickAddPlaceholder => "Title, then Enter", "Titel, dann Eingabe";
    MoveToButton => "Move #{id} {subject} to…", "#{id} {subject} verschieben nach…";
    MoveToTitle => "Move #{id} to…", "#{id} verschieben nach…";
    MoveManyTitle => "Move {count} cards to…", "{count} Karten verschieben nach…";
    AnnounceMovedMany => "Moved {count} cards to {column}.", "{count} Karten nach {column} verschoben.";
    AnnounceSelected => "{count} cards selected.", "{count} Karten ausgewählt.";
    AnnounceSelectedOne => "1 card selected.", "1 Karte ausgewählt.";
    SelectedCount => "{count} cards selected", "{count} Karten ausgewählt";
    SelectedCountOne => "1 card selected", "1 Karte ausgewählt";
    ClearSelection => "Clear selection", "Auswahl aufheben";
    CardSelected => "selected", "ausgewählt";
    MoveHere => "(here now)", "(jetzt hier)";
    FieldName => "Name", "Name";
    SavedBoards => "Board", "Board";
    BoardUnsaved => "Unsaved board", "Ungespeichertes Board";
    SaveBoardAs => "Save as…", "Speichern unter…";
    SaveBoard => "Save", "Speichern";
    DeleteBoard => "Delete board", "Board löschen";
    BoardSaved => "Board “{name}” saved.", "Board „{name}“ gespeichert.";
    BoardDeleted => "Board “{name}” deleted.", "Board „{name}“ gelöscht.";
    ConfirmDeleteBoard => "Delete the board “{name}”? The work packages stay as they are.", "Das Board „{name}“ löschen? Die Arbeitspakete bleiben, wie sie sind.";
    BoardNameLabel => "Name of the board", "Name des Boards";
    CardFields => "Card fields", "Kartenfelder";
    CardFieldChildren => "Child progress", "Fortschritt der untergeordneten";
    CardBlocked => "Blocked", "Blockiert";
    CardBlockedBy => "Blocked by {list}", "Blockiert durch {list}";
    CardChildren => "{done} of {total} children closed", "{done} von {total} untergeordneten geschlossen";
    FilterDue => "Due", "Fällig";
    DueNextSevenDays => "In the next 7 days", "In den nächsten 7 Tagen";
    NoDueDate => "No date", "Ohne Datum";
    MoveRefused => "The move of {subject} was not saved: {reason}", "Das Verschieben von {subject} wurde nicht gespeichert: {reason}";

    TableTitle => "Work packages of {project}", "Arbeitspakete von {project}";
    TableSearch => "Search", "Suchen";
    TableSearchPlaceholder => "Subject or #id", "Betreff oder #ID";
    FilterAny => "All", "Alle";
    FilterOpen => "Open", "Offen";
    FilterClosed => "Closed", "Geschlossen";
    TableCount => "{shown} of {total} work packages", "{shown} von {total} Arbeitspaketen";
    TableEmpty => "No work package matches these filters.", "Kein Arbeitspaket passt zu diesen Filtern.";
    SortBy => "Sort by {column}", "Nach {column} sortieren";
    NewWorkPackage => "New work package", "Neues Arbeitspaket";
    ClearFilters => "Clear filters", "Filter zurücksetzen";
    Filters => "Filters", "Filter";

    FieldId => "ID", "ID";
    FieldSubject => "Subject", "Betreff";
    FieldDescription => "Description", "Beschreibung";
    FieldType => "Type", "Typ";
    FieldStatus => "Status", "Status";
    FieldPriority => "Priority", "Priorität";
    FieldAssignee => "Assignee", "Zugewiesen an";
    FieldResponsible => "Accountable", "Verantwortlich";
    FieldVersion => "Version", "Version";
    FieldParent => "Parent", "Übergeordnet";
    FieldStartDate => "Start date", "Startdatum";
    FieldDueDate => "Finish date", "Endtermin";
    FieldDate => "Date", "Datum";
    FieldPercentageDone => "% Complete", "% abgeschlossen";
    FieldEstimatedTime => "Estimated time (hours)", "Geschätzter Aufwand (Stunden)";
    FieldProject => "Project", "Projekt";
    FieldRelatedTo => "Related work package", "Verknüpftes Arbeitspaket";
    FieldComment => "Comment", "Kommentar";
    FieldDuration => "Duration", "Dauer";
    FieldCreated => "Created", "Erstellt";
    FieldUpdated => "Updated", "Aktualisiert";
    DurationDays => "{count} working days", "{count} Arbeitstage";

    ProblemBlank => "Can't be blank.", "Darf nicht leer sein.";
    ProblemTooLong => "At most {max} characters.", "Höchstens {max} Zeichen.";
    ProblemDueBeforeStart => "The finish date can't be before the start date.", "Der Endtermin darf nicht vor dem Startdatum liegen.";
    ProblemMilestoneHasRange => "A milestone has a single date, not a start and a finish date.", "Ein Meilenstein hat ein einzelnes Datum, kein Start- und Enddatum.";
    ProblemDateOnlyForMilestones => "Only milestones have a single date.", "Nur Meilensteine haben ein einzelnes Datum.";
    ProblemParentIsSelf => "A work package can't be its own parent.", "Ein Arbeitspaket kann nicht sein eigenes übergeordnetes sein.";
    ProblemParentIsDescendant => "This would make the work package its own ancestor.", "Damit wäre das Arbeitspaket sein eigener Vorfahr.";
    ProblemOutOfRange => "Must be between {min} and {max}.", "Muss zwischen {min} und {max} liegen.";
    ProblemUnknownValue => "This value is not available.", "Dieser Wert ist nicht verfügbar.";
    ProblemNotANumber => "Enter a number.", "Bitte eine Zahl eingeben.";
    ProblemNotADate => "Enter a date as YYYY-MM-DD.", "Bitte ein Datum als JJJJ-MM-TT eingeben.";
    ProblemSameWorkPackage => "A work package can't be related to itself.", "Ein Arbeitspaket kann nicht mit sich selbst in Beziehung stehen.";
    ProblemDuplicateRelation => "These work packages are already related this way.", "Diese Arbeitspakete stehen bereits so in Beziehung.";

    ConflictTitle => "Changed in the meantime", "Inzwischen geändert";
    ConflictText => "Someone else saved this work package while you were editing it. Your change was not saved yet. Compare, then apply your change on top of the current version or drop it.", "Jemand anderes hat dieses Arbeitspaket gespeichert, während Sie es bearbeitet haben. Ihre Änderung ist noch nicht gespeichert. Vergleichen Sie und übernehmen Sie dann Ihre Änderung in die aktuelle Fassung oder verwerfen Sie sie.";
    ConflictField => "Field", "Feld";
    ConflictMine => "Your change", "Ihre Änderung";
    ConflictTheirs => "Saved now", "Jetzt gespeichert";
    ConflictReapply => "Apply my change", "Meine Änderung übernehmen";
    ConflictDiscard => "Drop my change", "Meine Änderung verwerfen";
    ErrConflict => "Someone else changed this work package in the meantime. The current version is shown; your change was not saved.", "Jemand anderes hat dieses Arbeitspaket inzwischen geändert. Die aktuelle Fassung wird angezeigt; Ihre Änderung wurde nicht gespeichert.";
    ErrNotFound => "It does not exist (any more).", "Es existiert nicht (mehr).";
    ErrInvalid => "Some values were refused: {details}", "Einige Werte wurden abgelehnt: {details}";
    ErrUnauthenticated => "Your sign-in is no longer valid. Sign in again; your change is kept and sent afterwards.", "Ihre Anmeldung ist nicht mehr gültig. Melden Sie sich erneut an; Ihre Änderung bleibt erhalten und wird danach gesendet.";
    SignInAgainTitle => "Sign in again", "Erneut anmelden";
    ErrForbidden => "You are not allowed to do this.", "Dazu fehlt Ihnen die Berechtigung.";
    ErrNetwork => "The server could not be reached.", "Der Server ist nicht erreichbar.";
    ErrServer => "The server failed (status {status}).", "Der Server hat einen Fehler gemeldet (Status {status}).";
    ErrDecode => "The server sent an answer Tafel does not understand.", "Der Server hat eine Antwort geschickt, die Tafel nicht versteht.";
    ErrStorage => "This browser refused to save the change ({reason}). Your change is kept on this page; try again.", "Dieser Browser hat das Speichern abgelehnt ({reason}). Ihre Änderung bleibt auf dieser Seite erhalten; versuchen Sie es erneut.";
    ErrCorrupt => "The data stored in this browser cannot be read.", "Die in diesem Browser gespeicherten Daten sind nicht lesbar.";
    ErrLoadFailed => "Loading failed: {reason}", "Laden fehlgeschlagen: {reason}";

    WorkPackageHeading => "#{id} {subject}", "#{id} {subject}";
    Relations => "Relations", "Beziehungen";
    NoRelations => "No relations.", "Keine Beziehungen.";
    Children => "Children", "Untergeordnete Arbeitspakete";
    NoChildren => "No children.", "Keine untergeordneten Arbeitspakete.";
    Activity => "Activity", "Aktivität";
    NoActivity => "No activity yet.", "Noch keine Aktivität.";
    AddComment => "Add a comment", "Kommentar hinzufügen";
    PostComment => "Comment", "Kommentieren";
    ActivityCreated => "created the work package", "hat das Arbeitspaket angelegt";
    ActivityChanged => "{field} changed from {from} to {to}", "{field} geändert von {from} auf {to}";
    ActivitySet => "{field} set to {to}", "{field} gesetzt auf {to}";
    ActivityCleared => "{field} removed (was {from})", "{field} entfernt (war {from})";
    UnknownUser => "Unknown user", "Unbekannte Person";
    DeleteWorkPackage => "Delete work package", "Arbeitspaket löschen";
    ConfirmDeleteTitle => "Delete #{id}?", "#{id} löschen?";
    ConfirmDeleteBody => "“{subject}” will be deleted together with its children, relations and comments. This cannot be undone.", "„{subject}“ wird mit seinen untergeordneten Arbeitspaketen, Beziehungen und Kommentaren gelöscht. Das lässt sich nicht rückgängig machen.";
    Deleted => "#{id} was deleted.", "#{id} wurde gelöscht.";
    CreatedNotice => "#{id} was created.", "#{id} wurde angelegt.";
    OpenFullPage => "Open as page", "Als Seite öffnen";
    DescriptionEmpty => "No description.", "Keine Beschreibung.";
    EditDescription => "Edit description", "Beschreibung bearbeiten";
    LagDays => "lag {days} days", "Abstand {days} Tage";
    RelRelates => "relates to", "verwandt mit";
    RelDuplicates => "duplicates", "dupliziert";
    RelDuplicated => "duplicated by", "dupliziert durch";
    RelBlocks => "blocks", "blockiert";
    RelBlocked => "blocked by", "blockiert durch";
    RelPrecedes => "precedes", "Vorgänger von";
    RelFollows => "follows", "Nachfolger von";
    RelIncludes => "includes", "beinhaltet";
    RelPartof => "part of", "Teil von";
    RelRequires => "requires", "benötigt";
    RelRequired => "required by", "benötigt von";
    CreateIn => "New work package in {status}", "Neues Arbeitspaket in {status}";
    ConnectionTitle => "Connection", "Verbindung";
    ConnectionLocal => "Tafel works with the store in this browser.", "Tafel arbeitet mit dem Speicher in diesem Browser.";
    ConnectionConfigured => "This deployment connects Tafel to {server}.", "Diese Installation verbindet Tafel mit {server}.";
    ConnectionUseLocal => "Use the store in this browser", "Speicher in diesem Browser nutzen";
    ConnectionAdd => "Connect to an OpenProject server", "Mit einem OpenProject-Server verbinden";
    ConnectionUrl => "Server address", "Serveradresse";
    ConnectionSignIn => "Sign-in", "Anmeldung";
    ConnectionUse => "Connect", "Verbinden";
    ConnectionRemove => "Remove {server}", "{server} entfernen";
    ConnectionUrlInvalid => "Enter the server's address, starting with https://", "Geben Sie die Adresse des Servers ein, beginnend mit https://";
    ConnectionHint => "The server must allow requests from this address (CORS), and this installation must allow the server (Content-Security-Policy connect-src).", "Der Server muss Anfragen von dieser Adresse erlauben (CORS), und diese Installation muss den Server erlauben (Content-Security-Policy connect-src).";
    ConnectionFailed => "The connection could not be saved: {reason}", "Die Verbindung konnte nicht gespeichert werden: {reason}";
    SignInApiKey => "API token", "API-Token";
    SignInNone => "None (a public instance)", "Keine (öffentliche Instanz)";
    SignInSession => "Browser session (OpenProject at this address)", "Browsersitzung (OpenProject unter dieser Adresse)";
    Remove => "Remove", "Entfernen";
    FieldCustom => "Custom field", "Benutzerdefiniertes Feld";
    CreateStatusRefused => "New work packages cannot start in {status} here, so this one starts in {start}.", "Neue Arbeitspakete können hier nicht in {status} beginnen, deshalb beginnt dieses in {start}.";

    NotFoundTitle => "Not found", "Nicht gefunden";
    NotFoundProject => "There is no project “{key}”.", "Es gibt kein Projekt „{key}“.";
    NotFoundWorkPackage => "There is no work package #{id}.", "Es gibt kein Arbeitspaket #{id}.";
    NotFoundPage => "This page does not exist.", "Diese Seite gibt es nicht.";
    BackToProjects => "Back to the projects", "Zurück zu den Projekten";

    GanttComing => "The Gantt timeline is not built yet; it comes in a later release. Until then, plan dates in the table or in each work package.", "Die Gantt-Zeitleiste ist noch nicht gebaut; sie kommt in einer späteren Version. Bis dahin planen Sie Termine in der Tabelle oder im Arbeitspaket.";

    SettingsTitle => "Settings", "Einstellungen";
    Appearance => "Language and appearance", "Sprache und Darstellung";
    LocalStoreTitle => "Data in this browser", "Daten in diesem Browser";
    LocalStoreText => "Tafel keeps your work in this browser's storage. Nothing is sent to a server.", "Tafel speichert Ihre Arbeit im Speicher dieses Browsers. Nichts wird an einen Server gesendet.";
    ExportData => "Export as JSON", "Als JSON exportieren";
    ImportData => "Import JSON file", "JSON-Datei importieren";
    ImportDone => "The data was imported.", "Die Daten wurden importiert.";
    ImportFailed => "The file could not be imported: {reason}", "Die Datei konnte nicht importiert werden: {reason}";
    ResetDemo => "Reset to demo data", "Auf Demodaten zurücksetzen";
    ConfirmResetTitle => "Replace all data?", "Alle Daten ersetzen?";
    ConfirmResetBody => "Everything stored in this browser is replaced by the demo projects. Export first if you want to keep it.", "Alles, was in diesem Browser gespeichert ist, wird durch die Demoprojekte ersetzt. Exportieren Sie vorher, was Sie behalten möchten.";
    ResetDone => "The demo data was restored.", "Die Demodaten wurden wiederhergestellt.";
    BenchSeeded => "The project Benchmark now holds {count} tasks of the benchmark data set.", "Das Projekt Benchmark enthält jetzt {count} Aufgaben des Benchmark-Datensatzes.";
    BenchSeedFailed => "The benchmark data could not be stored: {reason}", "Die Benchmark-Daten konnten nicht gespeichert werden: {reason}";
    NotLocalStore => "This connection keeps its data on a server.", "Diese Verbindung speichert ihre Daten auf einem Server.";

    CorruptTitle => "The stored data cannot be read", "Die gespeicherten Daten sind nicht lesbar";
    CorruptText => "Tafel found data in this browser that it cannot read ({reason}). Download it as it is to keep it, then start again with the demo data.", "Tafel hat in diesem Browser Daten gefunden, die es nicht lesen kann ({reason}). Laden Sie sie unverändert herunter, um sie zu behalten, und beginnen Sie dann neu mit den Demodaten.";
    DownloadRaw => "Download the raw data", "Rohdaten herunterladen";
    CorruptReset => "Reset and start again", "Zurücksetzen und neu beginnen";
    SignInTitle => "Sign in to OpenProject", "Bei OpenProject anmelden";
    SignInText => "Tafel shows the projects of {server}. Paste an API token from your OpenProject account (My account → Access tokens).", "Tafel zeigt die Projekte von {server}. Fügen Sie ein API-Token aus Ihrem OpenProject-Konto ein (Mein Konto → Zugriffstokens).";
    ApiToken => "API token", "API-Token";
    ApiTokenHelp => "The token stays in this browser tab unless you choose to be remembered.", "Das Token bleibt in diesem Browser-Tab, außer Sie lassen sich merken.";
    RememberMe => "Remember me on this device", "Auf diesem Gerät angemeldet bleiben";
    SignIn => "Sign in", "Anmelden";
    SignOut => "Sign out", "Abmelden";
    OAuthSignInText => "Tafel shows the projects of {server}. You sign in on OpenProject's own page; Tafel never sees your password.", "Tafel zeigt die Projekte von {server}. Sie melden sich auf der Seite von OpenProject an; Tafel sieht Ihr Passwort nie.";
    SignInWithOpenProject => "Sign in with OpenProject", "Mit OpenProject anmelden";
    SignInNotVerified => "The sign-in could not be verified. Please try again.", "Die Anmeldung konnte nicht bestätigt werden. Bitte versuchen Sie es erneut.";
    SignInRefused => "OpenProject did not allow the sign-in ({reason}).", "OpenProject hat die Anmeldung nicht erlaubt ({reason}).";
    TokenRefused => "The server did not accept this token.", "Der Server hat dieses Token nicht akzeptiert.";
    ServerBadge => "Connected to {server}", "Verbunden mit {server}";
    ConfigInvalid => "The configuration of this installation is not valid: {reason}", "Die Konfiguration dieser Installation ist ungültig: {reason}";
    StartupFailedTitle => "Tafel could not start", "Tafel konnte nicht starten";
    StartupFailedText => "The storage of this browser is not available: {reason}", "Der Speicher dieses Browsers ist nicht verfügbar: {reason}";
}
