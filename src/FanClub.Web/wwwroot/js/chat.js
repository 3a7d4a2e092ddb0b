// The chat room page (/members/chat/{room}): joins the room over SignalR, shows its messages and
// posts new ones. Message text is always set with textContent, so nothing a member types is ever
// read as HTML. The server re-checks the member's access on join and on every message.
"use strict";

(() => {
    const root = document.querySelector("[data-chat-room]");
    if (!root || !window.signalR) {
        return;
    }

    const room = root.dataset.chatRoom;
    const moderator = root.dataset.moderator === "true";
    const status = root.querySelector(".chat-status");
    const list = root.querySelector(".chat-messages");
    const form = root.querySelector(".chat-form");
    const input = form.querySelector("input");
    const send = form.querySelector("button");
    const text = (name) => root.dataset["text" + name] || "";

    const connection = new signalR.HubConnectionBuilder()
        .withUrl(root.dataset.hub)
        .withAutomaticReconnect()
        .configureLogging(signalR.LogLevel.Warning)
        .build();

    function setStatus(message, state) {
        status.textContent = message;
        status.dataset.state = state;
    }

    function enable(on) {
        input.disabled = !on;
        send.disabled = !on;
    }

    // "An unexpected error occurred invoking 'Send' on the server. HubException: <message>"
    function reason(error) {
        const message = String((error && error.message) || error);
        const marker = "HubException: ";
        const at = message.indexOf(marker);
        return at >= 0 ? message.slice(at + marker.length) : message;
    }

    function button(label, action) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "chat-tool";
        b.textContent = label;
        b.addEventListener("click", () => action().catch((error) => setStatus(reason(error), "error")));
        return b;
    }

    function render(message) {
        if (message.room !== room || list.querySelector(`[data-id="${message.id}"]`)) {
            return;
        }

        const item = document.createElement("li");
        item.dataset.id = String(message.id);
        const time = document.createElement("time");
        time.dateTime = message.sentAt;
        time.textContent = new Date(message.sentAt).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
        const author = document.createElement("strong");
        author.className = "chat-author";
        author.textContent = message.author;
        const body = document.createElement("span");
        body.className = "chat-text";
        body.textContent = message.text;
        item.append(time, " ", author, " ", body);
        if (moderator) {
            const tools = document.createElement("span");
            tools.className = "chat-tools";
            tools.append(
                button(text("Delete"), () => connection.invoke("Delete", room, message.id)),
                button(text("Mute"), () => connection.invoke("Mute", room, message.memberId, 10)));
            item.append(" ", tools);
        }

        list.append(item);
        item.scrollIntoView({ block: "nearest" });
    }

    async function join() {
        const joined = await connection.invoke("Join", room);
        list.replaceChildren();
        joined.recent.forEach(render);
        enable(true);
        setStatus(text("Connected"), "joined");
    }

    connection.on("message", render);
    connection.on("deleted", (deleted) => {
        if (deleted.room === room) {
            list.querySelector(`[data-id="${deleted.id}"]`)?.remove();
        }
    });
    connection.on("removed", (removed) => {
        if (removed.room === room) {
            enable(false);
            setStatus(text("Removed"), "removed");
            connection.stop();
        }
    });
    connection.onreconnecting(() => {
        enable(false);
        setStatus(text("Connecting"), "connecting");
    });
    connection.onreconnected(() => join().catch((error) => setStatus(reason(error), "error")));
    connection.onclose(() => {
        enable(false);
        if (status.dataset.state !== "removed" && status.dataset.state !== "error") {
            setStatus(text("Disconnected"), "closed");
        }
    });

    form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (!input.value.trim()) {
            return;
        }

        send.disabled = true;
        try {
            await connection.invoke("Send", room, input.value);
            input.value = "";
            setStatus(text("Connected"), "joined");
        } catch (error) {
            setStatus(reason(error), "error");
        } finally {
            send.disabled = input.disabled;
            input.focus();
        }
    });

    connection.start()
        .then(join)
        .catch((error) => {
            enable(false);
            setStatus(reason(error), "error");
        });
})();
