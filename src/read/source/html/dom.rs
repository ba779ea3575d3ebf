//! A compact document tree, built by html5ever's tree builder: the page as
//! a browser's parser builds it, at a few dozen bytes a node, with bounds
//! on its depth and size checked while it is built.
//!
//! A general DOM (scraper's, say) spends a hundred bytes and more on each
//! node; a page that is a flood of tags then costs forty times its size.
//! This one keeps what the reader reads — element names, the attributes
//! it looks at, text — and nothing else.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::interface::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink as _};
use html5ever::{Attribute, LocalName, Namespace, ParseOpts, QualName, local_name, ns};

use crate::read::ReadError;

/// A node's index in the tree.
pub(super) type Id = u32;
const NONE: Id = Id::MAX;

/// The deepest nesting of elements read. Browsers build at most 512
/// levels (deeper elements are laid flat); a report's page nests a few
/// dozen.
pub(super) const MAX_DEPTH: usize = 512;

/// The most nodes (elements, text, comments) a page may make: a report's
/// page makes a few thousand (2,679 the real 平潭 2019 page, pasted from
/// Word), a portal's busiest tens of thousands. Past it a page is a
/// flood, refused before it costs memory.
pub(super) const MAX_NODES: usize = 200_000;

/// The most table cells (`<td>`, `<th>`) a page may hold: a report prints
/// a few hundred.
pub(super) const MAX_CELLS: usize = 50_000;

/// The most attributes one tag may carry: a real tag has a few dozen at
/// most. html5ever compares each attribute with every one before it in
/// its tag (duplicates are dropped), so a tag of 100,000 costs it minutes.
pub(super) const MAX_ATTRIBUTES: usize = 1_000;

/// The input is given to the parser in pieces of this size, so that a
/// page past a bound is refused within a piece of reaching it.
const PIECE: usize = 4096;

/// The attributes the reader looks at; the others are not kept.
const KEPT: [LocalName; 10] = [
    local_name!("rowspan"),
    local_name!("colspan"),
    local_name!("name"),
    local_name!("content"),
    local_name!("charset"),
    local_name!("http-equiv"),
    local_name!("style"),
    local_name!("hidden"),
    local_name!("aria-hidden"),
    local_name!("class"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Document,
    /// A document fragment: a template's contents.
    Fragment,
    Html,
    Svg,
    MathMl,
    Text,
    /// A comment or processing instruction.
    Other,
}

/// A node: 32 bytes. Children are a list through `next`; the first
/// child's `prev` is the last child, so that appending is O(1).
#[derive(Clone, Debug)]
struct Node {
    parent: Id,
    first: Id,
    prev: Id,
    next: Id,
    /// An element's name (`local_name!("")` for other nodes).
    name: LocalName,
    /// An element's first kept attribute; a text node's first piece.
    data: Id,
    /// An element's count of kept attributes; a text node's last piece
    /// (in `first`, since text has no children).
    count: u8,
    kind: Kind,
    /// The depth the node was put at (the document is 0).
    depth: u16,
}

/// A piece of a text node's text in `Tree::text`.
#[derive(Clone, Copy, Debug)]
struct Piece {
    start: u32,
    end: u32,
    next: Id,
    /// The line of the page's source the piece was parsed at.
    line: u32,
}

/// A parsed page.
#[derive(Debug, Default)]
pub(super) struct Tree {
    nodes: Vec<Node>,
    attrs: Vec<(LocalName, StrTendril)>,
    text: String,
    pieces: Vec<Piece>,
    templates: HashMap<Id, Id>,
    /// The deepest an element was put, the table cells made, and whether
    /// a bound was passed.
    deepest: usize,
    pub(super) cells: usize,
    over: Option<ReadError>,
    /// The line of the source the parser is at.
    line: u32,
}

impl Tree {
    fn new(source_len: usize) -> Tree {
        // A node takes at least four bytes of source (`<br>`): room for
        // them at once, not by doubling (which holds both copies a while).
        let mut tree = Tree { nodes: Vec::with_capacity((source_len / 4).clamp(64, MAX_NODES + 1)), ..Tree::default() };
        tree.push(Kind::Document, local_name!(""), 0);
        tree
    }

    fn push(&mut self, kind: Kind, name: LocalName, depth: u16) -> Id {
        if self.nodes.len() >= MAX_NODES && self.over.is_none() {
            self.over = Some(ReadError::TooMany { what: "HTML nodes", limit: MAX_NODES });
        }
        let id = Id::try_from(self.nodes.len()).unwrap_or(NONE - 1);
        self.nodes.push(Node {
            parent: NONE,
            first: NONE,
            prev: NONE,
            next: NONE,
            name,
            data: NONE,
            count: 0,
            kind,
            depth,
        });
        id
    }

    fn node(&self, id: Id) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    fn node_mut(&mut self, id: Id) -> Option<&mut Node> {
        self.nodes.get_mut(id as usize)
    }

    fn last_child(&self, parent: Id) -> Id {
        self.node(parent).and_then(|p| self.node(p.first)).map_or(NONE, |first| first.prev)
    }

    /// Unlinks `id` from its parent, if it has one.
    fn detach(&mut self, id: Id) {
        let Some(node) = self.node(id).cloned() else { return };
        if node.parent == NONE {
            return;
        }
        let parent_first = self.node(node.parent).map_or(NONE, |p| p.first);
        let last = self.last_child(node.parent);
        if parent_first == id {
            // The first child: the next one becomes first, and keeps the last.
            if let Some(p) = self.node_mut(node.parent) {
                p.first = node.next;
            }
            if let Some(next) = self.node_mut(node.next) {
                next.prev = node.prev;
            }
        } else {
            if let Some(prev) = self.node_mut(node.prev) {
                prev.next = node.next;
            }
            if last == id {
                if let Some(first) = self.node_mut(parent_first) {
                    first.prev = node.prev;
                }
            } else if let Some(next) = self.node_mut(node.next) {
                next.prev = node.prev;
            }
        }
        if let Some(n) = self.node_mut(id) {
            n.parent = NONE;
            n.prev = NONE;
            n.next = NONE;
        }
    }

    /// Links a detached `id` as `parent`'s last child.
    fn link_last(&mut self, parent: Id, id: Id) {
        let first = self.node(parent).map_or(NONE, |p| p.first);
        let depth = self.node(parent).map_or(0, |p| p.depth.saturating_add(1));
        if first == NONE {
            if let Some(p) = self.node_mut(parent) {
                p.first = id;
            }
            if let Some(n) = self.node_mut(id) {
                n.prev = id;
            }
        } else {
            let last = self.last_child(parent);
            if let Some(l) = self.node_mut(last) {
                l.next = id;
            }
            if let Some(n) = self.node_mut(id) {
                n.prev = last;
            }
            if let Some(f) = self.node_mut(first) {
                f.prev = id;
            }
        }
        self.placed(id, parent, depth);
    }

    /// Links a detached `id` just before `sibling`.
    fn link_before(&mut self, sibling: Id, id: Id) {
        let Some(s) = self.node(sibling).cloned() else { return };
        let parent = s.parent;
        let depth = self.node(parent).map_or(0, |p| p.depth.saturating_add(1));
        let first = self.node(parent).map_or(NONE, |p| p.first);
        if first == sibling {
            if let Some(p) = self.node_mut(parent) {
                p.first = id;
            }
            if let Some(n) = self.node_mut(id) {
                n.prev = s.prev; // the last child
                n.next = sibling;
            }
        } else {
            if let Some(prev) = self.node_mut(s.prev) {
                prev.next = id;
            }
            if let Some(n) = self.node_mut(id) {
                n.prev = s.prev;
                n.next = sibling;
            }
        }
        if let Some(s) = self.node_mut(sibling) {
            s.prev = id;
        }
        self.placed(id, parent, depth);
    }

    fn placed(&mut self, id: Id, parent: Id, depth: u16) {
        if let Some(n) = self.node_mut(id) {
            n.parent = parent;
            n.depth = depth;
        }
        self.deepest = self.deepest.max(usize::from(depth));
        if self.deepest > MAX_DEPTH && self.over.is_none() {
            self.over = Some(ReadError::TooDeep { what: "HTML elements", depth: self.deepest, limit: MAX_DEPTH });
        }
    }

    /// Adds `text` as a piece of the text node `id`.
    fn add_piece(&mut self, id: Id, text: &str) {
        let (Ok(start), Ok(end)) = (u32::try_from(self.text.len()), u32::try_from(self.text.len() + text.len())) else {
            if self.over.is_none() {
                self.over = Some(ReadError::TooMany { what: "bytes of text", limit: u32::MAX as usize });
            }
            return;
        };
        self.text.push_str(text);
        let piece = Id::try_from(self.pieces.len()).unwrap_or(NONE - 1);
        self.pieces.push(Piece { start, end, next: NONE, line: self.line });
        let Some(node) = self.node(id).cloned() else { return };
        if node.data == NONE {
            if let Some(n) = self.node_mut(id) {
                n.data = piece;
                n.first = piece;
            }
        } else {
            if let Some(last) = self.pieces.get_mut(node.first as usize) {
                last.next = piece;
            }
            if let Some(n) = self.node_mut(id) {
                n.first = piece;
            }
        }
    }

    fn new_text(&mut self, text: &str) -> Id {
        let id = self.push(Kind::Text, local_name!(""), 0);
        self.add_piece(id, text);
        id
    }

    fn is_text(&self, id: Id) -> bool {
        self.node(id).is_some_and(|n| n.kind == Kind::Text)
    }

    // The reader's view.

    /// The document node.
    pub(super) fn root(&self) -> Id {
        0
    }

    /// An element's name; `None` for other nodes.
    ///
    /// An SVG or MathML element is named `""`: it is none of the HTML
    /// elements the reader knows (an `<svg>` may hold a `tr` that is no
    /// table row), only a container of text.
    pub(super) fn name(&self, id: Id) -> Option<&str> {
        match self.node(id)?.kind {
            Kind::Html => self.node(id).map(|n| &*n.name),
            Kind::Svg | Kind::MathMl => Some(""),
            _ => None,
        }
    }

    /// An element's kept attribute.
    pub(super) fn attr(&self, id: Id, name: &str) -> Option<&str> {
        let node = self.node(id)?;
        if node.kind == Kind::Text || node.data == NONE {
            return None;
        }
        let start = node.data as usize;
        let attrs = self.attrs.get(start..start + usize::from(node.count))?;
        attrs.iter().find(|(n, _)| &**n == name).map(|(_, v)| &**v)
    }

    /// A text node's text, in its pieces.
    pub(super) fn text(&self, id: Id) -> impl Iterator<Item = &str> {
        let first = self.node(id).filter(|n| n.kind == Kind::Text).map_or(NONE, |n| n.data);
        let mut at = first;
        std::iter::from_fn(move || {
            let piece = self.pieces.get(at as usize)?;
            at = piece.next;
            self.text.get(piece.start as usize..piece.end as usize)
        })
    }

    /// The line of the page's source a text node's text starts on.
    pub(super) fn text_line(&self, id: Id) -> Option<u32> {
        let first = self.node(id).filter(|n| n.kind == Kind::Text)?.data;
        self.pieces.get(first as usize).map(|p| p.line)
    }

    /// A node's children, in order.
    pub(super) fn children(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        // A text node's `first` is its last piece, not a child.
        let mut at = self.node(id).filter(|n| n.kind != Kind::Text).map_or(NONE, |n| n.first);
        std::iter::from_fn(move || {
            let node = self.node(at)?;
            let this = at;
            at = node.next;
            Some(this)
        })
    }

    /// The node's ancestors, nearest first (not the node itself).
    pub(super) fn ancestors(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        let mut at = self.node(id).map_or(NONE, |n| n.parent);
        std::iter::from_fn(move || {
            let node = self.node(at)?;
            let this = at;
            at = node.parent;
            Some(this)
        })
    }

    /// The node and everything inside it, in document order, without
    /// recursion.
    pub(super) fn descendants(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        let mut stack = vec![id];
        std::iter::from_fn(move || {
            let at = stack.pop()?;
            let start = stack.len();
            stack.extend(self.children(at));
            stack[start..].reverse();
            Some(at)
        })
    }

    /// All the text inside a node, in document order.
    pub(super) fn all_text(&self, id: Id) -> impl Iterator<Item = &str> + '_ {
        self.descendants(id).filter(|&n| self.is_text(n)).flat_map(|n| self.text(n))
    }

    /// The elements named `name` inside `id` (itself included).
    pub(super) fn elements<'a>(&'a self, id: Id, name: &'a str) -> impl Iterator<Item = Id> + 'a {
        self.descendants(id).filter(move |&n| self.name(n) == Some(name))
    }

    /// Where each node is in document order (`pre`) and where its subtree
    /// ends (`end`, the last `pre` inside it): `a` holds `b` exactly when
    /// `pre[a] <= pre[b] <= end[a]`.
    pub(super) fn intervals(&self) -> (Vec<u32>, Vec<u32>) {
        let mut pre = vec![0u32; self.nodes.len()];
        let mut end = vec![0u32; self.nodes.len()];
        let order: Vec<Id> = self.descendants(self.root()).collect();
        for (k, &id) in order.iter().enumerate() {
            pre[id as usize] = u32::try_from(k).unwrap_or(u32::MAX);
        }
        // In reverse document order every child comes before its parent.
        for &id in order.iter().rev() {
            let own = pre[id as usize];
            let last = self.children(id).map(|c| end[c as usize]).max().unwrap_or(own);
            end[id as usize] = last.max(own);
        }
        (pre, end)
    }

    /// The true depth of the tree (nodes moved by the parser after they
    /// were put keep their first depth; this walks what was built).
    fn true_depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(self.root(), 0usize)];
        while let Some((id, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            if deepest > MAX_DEPTH {
                break;
            }
            stack.extend(self.children(id).map(|c| (c, depth + 1)));
        }
        deepest
    }
}

/// The most attributes a start tag carries, up to one past `limit`: a
/// lexical scan, linear, run before the parser (whose cost in attributes
/// is quadratic) sees the page. It counts as the tokenizer reads: a tag is
/// `<` and a letter, an attribute a name after white space, a value
/// quoted or not; comments and the raw text of `script`, `style`,
/// `textarea`, `title` and `xmp` are passed over. Where it errs, it counts
/// more, never fewer.
fn most_attributes(source: &str, limit: usize) -> usize {
    let bytes = source.as_bytes();
    let (mut most, mut i) = (0usize, 0usize);
    let find = |from: usize, what: &[u8]| -> usize {
        let haystack = bytes.get(from..).unwrap_or_default();
        haystack.windows(what.len()).position(|w| w.eq_ignore_ascii_case(what)).map_or(bytes.len(), |at| from + at)
    };
    while i < bytes.len() && most <= limit {
        if bytes[i..].starts_with(b"<!--") {
            i = find(i + 4, b"-->") + 3;
            continue;
        }
        if bytes[i] != b'<' || !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // A start tag: its name, then its attributes.
        let start = i + 1;
        i = start;
        while i < bytes.len() && !matches!(bytes[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>') {
            i += 1;
        }
        let name = bytes[start..i].to_ascii_lowercase();
        let mut count = 0usize;
        loop {
            while i < bytes.len() && matches!(bytes[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/') {
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(_) => {}
            }
            count += 1;
            if count > limit {
                break;
            }
            // The name, then `=` and a value, if any.
            i += 1;
            while i < bytes.len() && !matches!(bytes[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>' | b'=') {
                i += 1;
            }
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        i = bytes[i + 1..].iter().position(|&b| b == quote).map_or(bytes.len(), |at| i + 1 + at + 1);
                    }
                    _ => {
                        while i < bytes.len() && !matches!(bytes[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'>') {
                            i += 1;
                        }
                    }
                }
            }
        }
        most = most.max(count);
        if matches!(name.as_slice(), b"script" | b"style" | b"textarea" | b"title" | b"xmp") {
            let mut end = b"</".to_vec();
            end.extend_from_slice(&name);
            i = find(i, &end);
        }
    }
    most
}

/// Parses a page. Refused past [`MAX_DEPTH`], [`MAX_NODES`],
/// [`MAX_CELLS`] or [`MAX_ATTRIBUTES`].
pub(super) fn parse(source: &str) -> Result<Tree, ReadError> {
    if most_attributes(source, MAX_ATTRIBUTES) > MAX_ATTRIBUTES {
        return Err(ReadError::TooMany { what: "attributes in one tag", limit: MAX_ATTRIBUTES });
    }
    let mut parser = html5ever::parse_document(Sink(RefCell::new(Tree::new(source.len()))), ParseOpts::default());
    let mut rest = source;
    while !rest.is_empty() {
        let mut cut = rest.len().min(PIECE);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (piece, after) = rest.split_at(cut);
        rest = after;
        parser.process(StrTendril::from_slice(piece));
        if let Some(e) = parser.tokenizer.sink.sink.0.borrow_mut().over.take() {
            return Err(e);
        }
    }
    let tree = parser.finish();
    if let Some(e) = tree.over {
        return Err(e);
    }
    let depth = tree.true_depth();
    if depth > MAX_DEPTH {
        return Err(ReadError::TooDeep { what: "HTML elements", depth, limit: MAX_DEPTH });
    }
    Ok(tree)
}

/// The tree builder's view of a [`Tree`] being built.
struct Sink(RefCell<Tree>);

/// An element's name, as the tree builder asks for it.
#[derive(Debug)]
struct Name(Namespace, LocalName);

impl ElemName for Name {
    fn ns(&self) -> &Namespace {
        &self.0
    }
    fn local_name(&self) -> &LocalName {
        &self.1
    }
}

impl Sink {
    /// Appends a node, or text (merged into a text node just before).
    fn put(&self, child: NodeOrText<Id>, place: impl FnOnce(&mut Tree, Id), text_before: Id) {
        let mut tree = self.0.borrow_mut();
        match child {
            NodeOrText::AppendNode(id) => {
                tree.detach(id);
                place(&mut tree, id);
            }
            NodeOrText::AppendText(text) => {
                if text_before != NONE && tree.is_text(text_before) {
                    tree.add_piece(text_before, &text);
                } else {
                    let id = tree.new_text(&text);
                    place(&mut tree, id);
                }
            }
        }
    }
}

impl TreeSink for Sink {
    type Handle = Id;
    type Output = Tree;
    type ElemName<'a> = Name;

    fn finish(self) -> Tree {
        self.0.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn set_current_line(&self, line: u64) {
        self.0.borrow_mut().line = u32::try_from(line).unwrap_or(u32::MAX);
    }

    fn get_document(&self) -> Id {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a Id) -> Name {
        let tree = self.0.borrow();
        let node = tree.node(*target);
        let ns = match node.map(|n| n.kind) {
            Some(Kind::Svg) => ns!(svg),
            Some(Kind::MathMl) => ns!(mathml),
            _ => ns!(html),
        };
        Name(ns, node.map_or(local_name!(""), |n| n.name.clone()))
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Id {
        let mut tree = self.0.borrow_mut();
        let kind = if name.ns == ns!(svg) {
            Kind::Svg
        } else if name.ns == ns!(mathml) {
            Kind::MathMl
        } else {
            Kind::Html
        };
        if kind == Kind::Html && (name.local == local_name!("td") || name.local == local_name!("th")) {
            tree.cells += 1;
            if tree.cells > MAX_CELLS && tree.over.is_none() {
                tree.over = Some(ReadError::TooMany { what: "table cells", limit: MAX_CELLS });
            }
        }
        let id = tree.push(kind, name.local, 0);
        let kept: Vec<(LocalName, StrTendril)> = (attrs.into_iter())
            .filter(|a| a.name.ns == ns!() && KEPT.contains(&a.name.local))
            .map(|a| (a.name.local, a.value))
            .collect();
        if !kept.is_empty() {
            let start = Id::try_from(tree.attrs.len()).unwrap_or(NONE - 1);
            let count = u8::try_from(kept.len()).unwrap_or(u8::MAX);
            tree.attrs.extend(kept);
            if let Some(n) = tree.node_mut(id) {
                n.data = start;
                n.count = count;
            }
        }
        if flags.template {
            let contents = tree.push(Kind::Fragment, local_name!(""), 0);
            tree.templates.insert(id, contents);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.0.borrow_mut().push(Kind::Other, local_name!(""), 0)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.0.borrow_mut().push(Kind::Other, local_name!(""), 0)
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        let last = self.0.borrow().last_child(*parent);
        self.put(child, |tree, id| tree.link_last(*parent, id), last);
    }

    fn append_based_on_parent_node(&self, element: &Id, prev_element: &Id, child: NodeOrText<Id>) {
        let has_parent = self.0.borrow().node(*element).is_some_and(|n| n.parent != NONE);
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn get_template_contents(&self, target: &Id) -> Id {
        let mut tree = self.0.borrow_mut();
        if let Some(&contents) = tree.templates.get(target) {
            return contents;
        }
        let contents = tree.push(Kind::Fragment, local_name!(""), 0);
        tree.templates.insert(*target, contents);
        contents
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Id, new_node: NodeOrText<Id>) {
        let before = {
            let tree = self.0.borrow();
            let first = tree.node(*sibling).and_then(|s| tree.node(s.parent)).map_or(NONE, |p| p.first);
            if first == *sibling { NONE } else { tree.node(*sibling).map_or(NONE, |s| s.prev) }
        };
        self.put(new_node, |tree, id| tree.link_before(*sibling, id), before);
    }

    fn add_attrs_if_missing(&self, target: &Id, attrs: Vec<Attribute>) {
        let mut tree = self.0.borrow_mut();
        let Some(node) = tree.node(*target).cloned() else { return };
        let mut own: Vec<(LocalName, StrTendril)> = if node.data == NONE {
            Vec::new()
        } else {
            let start = node.data as usize;
            tree.attrs.get(start..start + usize::from(node.count)).map(<[_]>::to_vec).unwrap_or_default()
        };
        let before = own.len();
        for a in attrs {
            if a.name.ns == ns!() && KEPT.contains(&a.name.local) && !own.iter().any(|(n, _)| *n == a.name.local) {
                own.push((a.name.local, a.value));
            }
        }
        // Nothing new (a page may repeat `<html>` a million times): nothing
        // copied. Each kept name is added once, so an element's
        // attributes are copied at most as often as there are kept names.
        if own.len() == before {
            return;
        }
        let start = Id::try_from(tree.attrs.len()).unwrap_or(NONE - 1);
        let count = u8::try_from(own.len()).unwrap_or(u8::MAX);
        tree.attrs.extend(own);
        if let Some(n) = tree.node_mut(*target) {
            n.data = start;
            n.count = count;
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        self.0.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let mut tree = self.0.borrow_mut();
        let children: Vec<Id> = tree.children(*node).collect();
        for child in children {
            tree.detach(child);
            tree.link_last(*new_parent, child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(tree: &Tree, id: Id) -> String {
        let element = tree.node(id).filter(|n| matches!(n.kind, Kind::Html | Kind::Svg | Kind::MathMl));
        match element.map(|n| &*n.name) {
            Some(name) => {
                // A template's contents are a fragment of their own, outside
                // the tree the reader walks.
                let contents = tree.templates.get(&id).map(|&f| outline(tree, f)).unwrap_or_default();
                let inner: String = tree.children(id).map(|c| outline(tree, c)).collect::<String>() + &contents;
                format!("<{name}>{inner}</{name}>")
            }
            None if tree.is_text(id) => tree.text(id).collect(),
            None => tree.children(id).map(|c| outline(tree, c)).collect(),
        }
    }

    /// The same outline from scraper's general DOM, built by the same parser.
    fn general(node: ego_tree::NodeRef<'_, scraper::Node>) -> String {
        match node.value() {
            scraper::Node::Element(e) => {
                let inner: String = node.children().map(general).collect();
                format!("<{}>{inner}</{}>", e.name(), e.name())
            }
            scraper::Node::Text(t) => t.to_string(),
            scraper::Node::Document | scraper::Node::Fragment => node.children().map(general).collect(),
            _ => String::new(),
        }
    }

    #[test]
    fn the_tree_is_what_a_general_dom_builds() {
        for page in [
            // Misnested formatting (the adoption agency), text and a row
            // fostered out of a table, quirks mode keeping a table in a
            // paragraph, a template, foreign content, implied elements.
            "<p>a<b>b<p>c</b>d<table>x<tr><td rowspan=2 class=k>1</table>",
            "<!DOCTYPE html><p>a<table><tr><td>1<td>2<tr><td colspan=2>3</table>z",
            "<b><i>1<p>2</b>3</i>4<div><a>5<div>6</a>7</div>",
            "<table><b>x<tr><td>y</b>z</table><template><td>t</td></template>",
            "<svg><g><text>s</svg><math><mi>m</math><select><option>o<p>p",
            "<ul><li>1<li>2<dl><dt>a<dd>b</ul><frameset>",
        ] {
            let tree = parse(page).unwrap();
            let dom = scraper::Html::parse_document(page);
            assert_eq!(outline(&tree, tree.root()), general(dom.tree.root()), "{page}");
        }
        let tree = parse("<table><tr><td rowspan=2 lang=k>1</table>").unwrap();
        let td = tree.elements(tree.root(), "td").next().unwrap();
        assert_eq!(tree.attr(td, "rowspan"), Some("2"));
        assert_eq!(tree.attr(td, "lang"), None, "not kept");
    }

    #[test]
    fn text_split_by_the_parser_is_one_node() {
        let tree = parse("<div>a&amp;b<!-- c -->d</div>").unwrap();
        let div = tree.elements(tree.root(), "div").next().unwrap();
        assert_eq!(tree.all_text(div).collect::<String>(), "a&bd");
    }

    #[test]
    fn attributes_are_counted_as_the_tokenizer_reads_them() {
        assert_eq!(most_attributes("<p a b=1 c='x y' d=\"<q r s>\" e>t</p>", 100), 5);
        assert_eq!(most_attributes("<!-- <p a b c> --><script>x = '<p a b c d>'</script><br/ a>", 100), 1);
        assert_eq!(most_attributes("a < b c d", 100), 0);
        let many = format!("<br {}>", (0..2_000).map(|i| format!("a{i}")).collect::<Vec<_>>().join(" "));
        assert_eq!(most_attributes(&many, 1_000), 1_001);
        assert!(matches!(parse(&many), Err(ReadError::TooMany { what: "attributes in one tag", .. })));
    }

    #[test]
    fn a_node_is_32_bytes() {
        assert_eq!(std::mem::size_of::<Node>(), 32);
    }

    #[test]
    fn depth_and_size_are_bounded() {
        let deep = format!("{}x", "<div>".repeat(MAX_DEPTH + 10));
        assert!(matches!(parse(&deep), Err(ReadError::TooDeep { limit: MAX_DEPTH, .. })));
        let fine = format!("{}x", "<div>".repeat(MAX_DEPTH - 10));
        assert!(parse(&fine).is_ok());
        let flood = "<br>".repeat(MAX_NODES + 10);
        assert!(matches!(parse(&flood), Err(ReadError::TooMany { limit: MAX_NODES, .. })));
        let cells = format!("<table>{}", "<td>".repeat(MAX_CELLS + 10));
        assert!(matches!(parse(&cells), Err(ReadError::TooMany { what: "table cells", limit: MAX_CELLS })));
    }
}
