// The watch page's HLS player. Everything it needs comes from the <video>'s data-* attributes
// (the CSP allows no inline script). It asks FanClub for a stream token, has hls.js append the
// token's query to every playlist and segment request, renews the token before it expires while
// the member stays entitled, and frees its concurrent-stream slot when the page goes away.
(() => {
  'use strict';

  const video = document.getElementById('player');
  const status = document.getElementById('player-status');
  if (!video || !status) {
    return;
  }

  const data = video.dataset;
  // One id per page load: it is this player's slot in the member's concurrent-stream limit.
  const sessionId = Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
  let query = '';
  let renewTimer = 0;
  let hls = null;
  let stopped = false;

  const show = (text, state) => {
    status.textContent = text;
    status.dataset.state = state;
  };

  // A problem's detail is already in the member's language; anything else gets the page's text.
  const requestToken = async () => {
    const response = await fetch(data.tokenUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ sessionId }),
    });
    if (!response.ok) {
      let detail = '';
      try {
        detail = (await response.json()).detail || '';
      } catch {
        // Not problem details (a proxy's page): the generic text will do.
      }

      const error = new Error(detail || data.textError);
      error.status = response.status;
      throw error;
    }

    return response.json();
  };

  const stop = (text) => {
    stopped = true;
    window.clearTimeout(renewTimer);
    if (hls) {
      hls.destroy();
      hls = null;
    }

    show(text, 'stopped');
  };

  // 401, 403, 404, 409: the answer will not change by asking again.
  const isFinal = (error) => error.status >= 400 && error.status < 500;

  const renew = async () => {
    try {
      const token = await requestToken();
      query = token.query;
      renewTimer = window.setTimeout(renew, token.renewAfterSeconds * 1000);
      return true;
    } catch (error) {
      if (isFinal(error)) {
        stop(error.status === 403 ? data.textEnded : error.message);
      } else {
        // A network blip: the current token still has a while to run.
        renewTimer = window.setTimeout(renew, 10_000);
      }

      return false;
    }
  };

  // Every request of this player carries the newest token (playlist reloads included).
  const withToken = (url) => {
    const signed = new URL(url, window.location.href);
    signed.searchParams.delete('md5');
    signed.searchParams.delete('expires');
    for (const [name, value] of new URLSearchParams(query)) {
      signed.searchParams.set(name, value);
    }

    return signed.toString();
  };

  const start = async () => {
    if (!window.Hls || !window.Hls.isSupported()) {
      show(data.textError, 'error');
      return;
    }

    let first;
    try {
      first = await requestToken();
    } catch (error) {
      stop(error.message);
      return;
    }

    query = first.query;
    renewTimer = window.setTimeout(renew, first.renewAfterSeconds * 1000);

    // No worker: it would be a blob: script, which the CSP rightly refuses.
    hls = new window.Hls({
      enableWorker: false,
      xhrSetup: (xhr, url) => xhr.open('GET', withToken(url), true),
    });
    hls.on(window.Hls.Events.MANIFEST_PARSED, () => {
      show(data.textPlaying, 'playing');
      video.play().catch(() => {
        // Autoplay refused: the controls are there.
      });
    });
    hls.on(window.Hls.Events.ERROR, async (_, error) => {
      if (!error.fatal || stopped) {
        return;
      }

      if (error.type === window.Hls.ErrorTypes.NETWORK_ERROR) {
        // Most often 410: the token ran out (a sleeping laptop). A fresh one, then carry on.
        if (await renew() && hls) {
          hls.startLoad();
        }
      } else if (error.type === window.Hls.ErrorTypes.MEDIA_ERROR) {
        hls.recoverMediaError();
      } else {
        stop(data.textError);
      }
    });
    hls.loadSource(first.playlistUrl);
    hls.attachMedia(video);
  };

  // Closing the tab frees the slot now, not when the session would time out.
  window.addEventListener('pagehide', () => {
    window.clearTimeout(renewTimer);
    navigator.sendBeacon(`${data.sessionsUrl}/${sessionId}/end`);
  });
  // Back from the back-forward cache: that slot was given up, so start over as a new player.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      window.location.reload();
    }
  });

  start();
})();
