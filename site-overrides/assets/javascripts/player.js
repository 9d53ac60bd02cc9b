/* podcourse: an episode page's recording, played from the moments of its transcript.

   podcourse.js imports this module on a page with audio only (the browser's own <audio
   preload="none">, site-overrides/podcourse/audio_player.html), so other pages never download
   it, and nothing of the recording is fetched before the listener asks for it. What it adds:
     - each timed turn's time (a.pc-time, data-pc-start and data-pc-end in seconds) and each chapter
       (a.pc-chapter) plays from its start; without this script they are links to the turn;
     - an address with ?t=12:34, ?t=754 or #t=754 (a media fragment) opens the page at that
       moment: the player is set there, the turn heard then is brought into view, and playing
       starts if the browser allows it; browsers block playing a page's sound unasked, so a
       "Play from 12:34" button then waits in that turn;
     - the turn and the chapter being heard are marked as it plays (a class, and
       aria-current="time" for screen readers);
     - once playing, the player stays at the top of the window (data-pc-docked) so it can be
       paused while reading on. */

import { clock, show } from "./podcourse.js";

const HEARD = "pc-heard";
const EARLY = 0.05;  // seconds: a seek to a turn's start may land a hair before it

let current = null;  // the page's player, for a #t= typed into the address bar

/** Seconds from a moment as addresses write it: "754", "754.5", "12:34", "1:02:03", "npt:754"
    (a media fragment, whose ",end" is ignored); null for anything else. */
export function parseMoment(text) {
  const match = /^(?:npt:)?(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?)$/.exec(String(text).split(",")[0].trim());
  if (!match) return null;
  const [, hours, minutes, seconds] = match;
  if (minutes !== undefined && (+seconds >= 60 || (hours !== undefined && +minutes >= 60))) return null;
  return (+hours || 0) * 3600 + (+minutes || 0) * 60 + +seconds;
}

/** The moment an address asks for: its `t` parameter, else a #t= fragment; null when none. */
export function momentIn(location) {
  const asked = new URLSearchParams(location.search).get("t");
  return asked !== null ? parseMoment(asked) : momentInFragment(location.hash);
}

function momentInFragment(hash) {
  const fragment = /^#t=(.+)$/.exec(hash);
  return fragment ? parseMoment(decodeURIComponent(fragment[1])) : null;
}

/** The moments of the page's links into the recording, in order: start, end (or null), the
    element that stands for them (a turn, a chapter's item) and the link. */
function moments(links, holder) {
  return links.map((link) => ({
    start: parseFloat(link.dataset.pcStart),
    end: link.dataset.pcEnd ? parseFloat(link.dataset.pcEnd) : null,
    holder: link.closest(holder) || link,
    link,
  })).filter((moment) => isFinite(moment.start)).sort((a, b) => a.start - b.start);
}

/** Index of the last moment started by `time`, or -1. */
function lastStarted(list, time) {
  let found = -1;
  for (let i = 0; i < list.length && list[i].start <= time + EARLY; i += 1) found = i;
  return found;
}

/** The moment heard at `time`: the last one started, unless it has ended (a gap, music). */
function heardAt(list, time) {
  const moment = list[lastStarted(list, time)];
  return moment && (moment.end === null || time < moment.end) ? moment : null;
}

/** Keeps one moment of a list marked as heard. */
function marker(list) {
  let marked = null;
  return function mark(time) {
    const heard = heardAt(list, time);
    if (heard === marked) return;
    if (marked) {
      marked.holder.classList.remove(HEARD);
      marked.holder.removeAttribute("aria-current");
    }
    if (heard) {
      heard.holder.classList.add(HEARD);
      heard.holder.setAttribute("aria-current", "time");
    }
    marked = heard;
  };
}

function player(audio) {
  const box = audio.closest(".pc-episode-audio") || audio;
  const turns = moments([...document.querySelectorAll(".pc-turn a.pc-time[data-pc-start]")], ".pc-turn");
  const chapters = moments([...document.querySelectorAll("a.pc-chapter[data-pc-start]")], "li");
  const marks = [marker(turns), marker(chapters)];
  const mark = (time) => marks.forEach((one) => one(time));
  const offered = [];

  function withdrawOffers() {
    offered.splice(0).forEach((button) => button.remove());
  }

  function dock() {
    box.setAttribute("data-pc-docked", "");
  }

  function setTo(time) {
    // Before anything is loaded this only sets where playing will start: nothing is fetched.
    audio.currentTime = time;
    mark(time);
  }

  function playFrom(time) {
    withdrawOffers();
    setTo(time);
    dock();
    return audio.play();
  }

  function offerPlay(time, turn) {
    // The browser would not start the sound unasked: a button where the listener is looking.
    const button = document.createElement("button");
    button.type = "button";
    button.className = "pc-play-button md-button md-button--primary";
    button.textContent = "Play from " + clock(time);
    button.addEventListener("click", () => {
      playFrom(time).catch(() => {});
      audio.focus({ preventScroll: true });  // the button goes once playing: focus stays on the player
    });
    const head = turn && turn.holder.querySelector(".pc-turn-head");
    if (head) head.appendChild(button);
    else box.appendChild(button);
    offered.push(button);
  }

  function openAt(time) {
    // The turn heard then, or the first one after a gap (the last when the moment is past them all).
    const turn = turns[Math.max(0, lastStarted(turns, time))];
    withdrawOffers();
    setTo(time);
    dock();
    if (turn) show(turn.holder);
    audio.play().catch(() => offerPlay(time, turn));
  }

  function playOnClick(moment) {
    // A turn's time says what it now does; a chapter's name ("12:34 Pricing") needs no help.
    if (moment.link.classList.contains("pc-time")) moment.link.setAttribute("aria-label", "Play from " + clock(moment.start));
    moment.link.addEventListener("click", (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();  // the link's turn anchor is for readers without the player
      event.stopPropagation();  // Material's instant navigation listens on <body>
      playFrom(moment.start).catch(() => {});
    });
  }

  turns.concat(chapters).forEach(playOnClick);
  ["timeupdate", "seeking"].forEach((type) => audio.addEventListener(type, () => mark(audio.currentTime)));
  audio.addEventListener("play", () => { withdrawOffers(); dock(); });
  return { audio, openAt };
}

/** Sets up the page's player once; opens it at the moment the address asks for, if any. */
export function enhance(audio) {
  if (audio.dataset.pcPlayer) return;
  audio.dataset.pcPlayer = "ready";
  current = player(audio);
  const asked = momentIn(window.location);
  if (asked !== null) current.openAt(asked);
}

// A #t= typed or followed on the page itself (a ?t= in the address stays put while the
// fragment changes, so only the fragment counts here).
window.addEventListener("hashchange", () => {
  const asked = momentInFragment(window.location.hash);
  if (asked !== null && current && current.audio.isConnected) current.openAt(asked);
});
