//! Tafel in a host page's frame: no app chrome, and a `postMessage` channel with the host, open only
//! to the origins `config.json` allows (`embed.allowed_origins`). The messages are
//! `domain::embed`'s; this side listens, answers and tells.
//!
//! Listening and writing (reading the host's messages, writing Tafel's as JSON, the frame's height)
//! is the [`Engine`], which the composition root fetches as a chunk of its own (`embed_on_demand`)
//! once a frame's channel opens: a page that is not framed, or whose configuration allows no host,
//! never loads it. What Tafel tells the host before it arrives waits for it, in order.

use crate::domain::embed::{self, Inbound, Outbound, ProtocolError, TokenScheme};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// A token the host handed over, until the sign-in takes it.
#[derive(Clone, PartialEq, Eq)]
pub struct HandedToken {
    pub token: String,
    pub scheme: TokenScheme,
}

/// Never prints the token.
impl std::fmt::Debug for HandedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HandedToken({:?}, <redacted>)", self.scheme)
    }
}

/// The embedding's listening and writing, fetched on demand (see the module's documentation).
#[derive(Clone, Copy)]
pub struct Engine {
    listen: fn(Embed),
    post: fn(Embed, &Outbound),
}

impl Engine {
    /// For the split point only: naming these functions anywhere else would put them, and all they
    /// reach, back into the first load.
    pub(crate) fn here() -> Self {
        Self {
            listen: Embed::listen,
            post: Embed::post,
        }
    }
}

/// Fetches the [`Engine`]; `Err` when its code did not arrive (the loader logged why).
pub type LoadEngine = fn() -> Pin<Box<dyn Future<Output = Result<Engine, ()>>>>;

#[derive(Default)]
struct Channel {
    allowed: Vec<String>,
    /// The origin of the host's first accepted message: from then on Tafel writes only to it.
    host: Option<String>,
    last_height: Option<u32>,
    engine: Option<Engine>,
    /// Messages told before the engine arrived, in order.
    waiting: Vec<Outbound>,
}

#[derive(Clone, Copy)]
pub struct Embed {
    /// Running in a frame of another page.
    pub embedded: bool,
    /// Navigation and filter requests, for the router side (`views::shell::EmbedBridge`) to carry out.
    pub inbox: RwSignal<Vec<Inbound>, LocalStorage>,
    /// A token handed over by the host, for the sign-in screen.
    pub token: RwSignal<Option<HandedToken>, LocalStorage>,
    /// Theme and locale requests, for the composition root (it owns the preferences).
    pub looks: RwSignal<Vec<Inbound>, LocalStorage>,
    /// What the host may ask about: the open work package, kept by the router side.
    pub selection: RwSignal<Vec<u64>>,
    channel: StoredValue<Rc<RefCell<Channel>>, LocalStorage>,
    load_engine: LoadEngine,
}

fn is_framed() -> bool {
    let window = window();
    match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window),
        // A top window from another origin that cannot even be named is still a frame's parent.
        _ => true,
    }
}

impl Embed {
    pub fn provide(load_engine: LoadEngine) -> Self {
        let embedded = is_framed();
        if embedded && let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-embedded", "");
        }
        let embed = Self {
            embedded,
            inbox: RwSignal::new_local(Vec::new()),
            token: RwSignal::new_local(None),
            looks: RwSignal::new_local(Vec::new()),
            selection: RwSignal::new(Vec::new()),
            channel: StoredValue::new_local(Rc::default()),
            load_engine,
        };
        provide_context(embed);
        embed
    }

    /// Whether a host can talk to this Tafel.
    pub fn active(self) -> bool {
        self.embedded && self.channel.with_value(|c| !c.borrow().allowed.is_empty())
    }

    /// Opens the channel to the allowed origins (from `config.json`); without any, none. It listens
    /// once the engine's code is here, asking for it again until it arrives.
    pub fn open(self, allowed: Vec<String>) {
        if !self.embedded || allowed.is_empty() {
            return;
        }
        self.channel
            .with_value(|c| c.borrow_mut().allowed = allowed);
        spawn_local(async move {
            let engine =
                crate::chunk::until_loaded(|| async { (self.load_engine)().await.ok() }).await;
            (engine.listen)(self);
            let waiting = self.channel.with_value(|c| {
                let mut c = c.borrow_mut();
                c.engine = Some(engine);
                std::mem::take(&mut c.waiting)
            });
            for message in &waiting {
                (engine.post)(self, message);
            }
        });
    }

    /// Listens to the host's messages and watches the frame's height (the engine's part).
    fn listen(self) {
        let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event| {
            self.receive(&event);
        });
        let _ = window()
            .add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        on_message.forget();
        self.watch_height();
    }

    fn receive(self, event: &web_sys::MessageEvent) {
        let origin = event.origin();
        let allowed = self
            .channel
            .with_value(|c| embed::origin_allowed(&c.borrow().allowed, &origin));
        // Only the page that frames Tafel, from an allowed origin: not a popup, not another frame.
        let from_parent = match (event.source(), window().parent()) {
            (Some(source), Ok(Some(parent))) => js_sys::Object::is(&source, &parent),
            _ => false,
        };
        if !allowed || !from_parent {
            return;
        }
        let data = event.data();
        let Some(text) = js_sys::JSON::stringify(&data)
            .ok()
            .and_then(|s| s.as_string())
        else {
            return;
        };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
            return;
        };
        let parsed = embed::parse(&value);
        if matches!(parsed, Ok(None)) {
            return;
        }
        self.channel.with_value(|c| {
            c.borrow_mut().host.get_or_insert(origin);
        });
        match parsed {
            Ok(Some(message)) => self.follow(message),
            Ok(None) => {}
            Err(error) => self.tell(&Outbound::Error(error)),
        }
    }

    fn follow(self, message: Inbound) {
        match message {
            Inbound::Navigate { .. } | Inbound::SetFilters(_) => {
                self.inbox.update(|inbox| inbox.push(message));
            }
            Inbound::SetTheme { .. } | Inbound::SetLocale(_) | Inbound::GetState => {
                self.looks.update(|looks| looks.push(message));
            }
            Inbound::SetToken { token, scheme } => {
                self.token.set(Some(HandedToken { token, scheme }));
            }
        }
    }

    /// Refuses a message the host sent, with the reason (for the host's developer).
    pub fn refuse(self, error: ProtocolError) {
        self.tell(&Outbound::Error(error));
    }

    /// Sends a message to the host, or keeps it until the engine is here.
    pub fn tell(self, message: &Outbound) {
        if !self.active() {
            return;
        }
        let engine = self.channel.with_value(|c| {
            let mut c = c.borrow_mut();
            if c.engine.is_none() {
                c.waiting.push(message.clone());
            }
            c.engine
        });
        if let Some(engine) = engine {
            (engine.post)(self, message);
        }
    }

    /// Writes a message to the host: to the origin it wrote from, or before it wrote, to each
    /// allowed origin (the browser delivers it only where the frame's parent really is one).
    fn post(self, message: &Outbound) {
        let Ok(Some(parent)) = window().parent() else {
            return;
        };
        let Ok(value) = js_sys::JSON::parse(&message.to_json().to_string()) else {
            return;
        };
        let targets = self.channel.with_value(|c| {
            let c = c.borrow();
            c.host
                .clone()
                .map_or_else(|| c.allowed.clone(), |h| vec![h])
        });
        for target in targets {
            let _ = parent.post_message(&value, &target);
        }
    }

    /// Tells the host the content's height whenever it changes, so it can size the frame to it.
    fn watch_height(self) {
        let report = Closure::<dyn Fn()>::new(move || self.tell_height());
        if let Ok(observer) = web_sys::ResizeObserver::new(report.as_ref().unchecked_ref())
            && let Some(body) = document().body()
        {
            observer.observe(&body);
        }
        report.forget();
    }

    fn tell_height(self) {
        let Some(body) = document().body() else {
            return;
        };
        let height = body.get_bounding_client_rect().height().ceil();
        // Saturating: a page is never near 4 billion pixels high.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let height = height.max(0.0) as u32;
        let changed = self.channel.with_value(|c| {
            let mut c = c.borrow_mut();
            let changed = c.last_height != Some(height);
            c.last_height = Some(height);
            changed
        });
        if changed {
            self.tell(&Outbound::Resize { height });
        }
    }
}

pub fn use_embed() -> Embed {
    expect_context::<Embed>()
}

/// Where the app is now, from the address bar (for messages sent outside the router).
pub fn current_route() -> embed::RouteInfo {
    let location = window().location();
    let path = crate::hosting::route(&location.pathname().unwrap_or_default());
    let query = crate::domain::saved_view::decode_query(&location.search().unwrap_or_default());
    let wp = query
        .iter()
        .find(|(k, _)| k == "wp")
        .map(|(_, v)| v.as_str());
    embed::RouteInfo::from_path(&path, wp)
}
