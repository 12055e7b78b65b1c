package telegramtest

import (
	"encoding/json"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// Command is an entry of the bot's command menu.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// commandKey identifies one menu: a scope and a language ("" for all).
type commandKey struct {
	scope string // "default", "all_private_chats", "chat:<id>", ...
	lang  string
}

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// scopeJSON is a BotCommandScope object.
type scopeJSON struct {
	Type   string          `json:"type"`
	ChatID json.RawMessage `json:"chat_id"`
	UserID int64           `json:"user_id"`
}

// commandKeyLocked reads scope and language_code of a *MyCommands call.
func (s *Server) commandKeyLocked(r *request) (commandKey, *APIError) {
	k := commandKey{scope: "default", lang: r.p.str("language_code")}
	raw := r.p.str("scope")
	if raw == "" {
		return k, nil
	}
	var sc scopeJSON
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		return k, badRequest("can't parse BotCommandScope JSON object")
	}
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		k.scope = sc.Type
	case "chat", "chat_administrators", "chat_member":
		id, err := strconv.ParseInt(string(sc.ChatID), 10, 64)
		if err != nil || s.chats[id] == nil {
			return k, errChatNotFound
		}
		k.scope = sc.Type + ":" + strconv.FormatInt(id, 10)
		if sc.Type == "chat_member" {
			k.scope += ":" + strconv.FormatInt(sc.UserID, 10)
		}
	default:
		return k, badRequest("wrong BotCommandScope type specified")
	}
	return k, nil
}

func (s *Server) setMyCommands(r *request) (any, *APIError) {
	k, e := s.commandKeyLocked(r)
	if e != nil {
		return nil, e
	}
	var cmds []Command
	if err := json.Unmarshal([]byte(r.p.str("commands")), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON array")
	}
	if len(cmds) > 100 {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, c := range cmds {
		if n := utf8.RuneCountInString(c.Description); !commandName.MatchString(c.Command) || n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
	}
	if len(cmds) == 0 {
		delete(s.commands, k)
	} else {
		s.commands[k] = cmds
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) getMyCommands(r *request) (any, *APIError) {
	k, e := s.commandKeyLocked(r)
	if e != nil {
		return nil, e
	}
	return append([]Command{}, s.commands[k]...), nil
}

func (s *Server) deleteMyCommands(r *request) (any, *APIError) {
	k, e := s.commandKeyLocked(r)
	if e != nil {
		return nil, e
	}
	delete(s.commands, k)
	s.notifyLocked()
	return true, nil
}

// menuLocked resolves the menu a user sees in a chat, in the order the Bot
// API documents: the narrowest scope first, each with the user's language
// before the language-independent list.
func (s *Server) menuLocked(chatID, userID int64, lang string) []Command {
	chat := strconv.FormatInt(chatID, 10)
	scopes := []string{"chat:" + chat, "all_private_chats", "default"}
	if chatID < 0 {
		scopes = []string{"chat_member:" + chat + ":" + strconv.FormatInt(userID, 10), "chat:" + chat, "all_group_chats", "default"}
	}
	for _, sc := range scopes {
		for _, l := range []string{lang, ""} {
			if cmds, ok := s.commands[commandKey{sc, l}]; ok {
				return append([]Command{}, cmds...)
			}
		}
	}
	return nil
}
