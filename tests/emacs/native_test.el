;;; native_test.el --- batch Emacs + eglot on an Octopoid project  -*- lexical-binding: t; -*-

;; Run by tests/lsp_emacs.rs: `emacs --batch -q -l native_test.el'.  Loads the shipped
;; configuration (OCTOLINT_CONFIG), opens the agent file and then the flow file of the
;; Octopoid project OCTOLINT_PROJECT as a user would, and writes what eglot got as JSON to
;; OCTOLINT_RESULT: each buffer's major mode and Flymake diagnostics, and a hover on the
;; flow's `agent:'.  Any error ends Emacs with status 1, after writing it as `error'.

;;; Code:

(load (expand-file-name "support.el" (file-name-directory load-file-name)) nil t)

(defun octolint-test--open (file)
  "Visit FILE, let eglot connect, and return the texts of its Flymake diagnostics."
  (find-file file)
  ;; `eglot-ensure' (the mode hook) starts the server after the current command; batch
  ;; Emacs runs no command loop, so end the "command" by hand.
  (run-hooks 'post-command-hook)
  (octolint-test--wait (format "eglot to connect for %s" file) #'eglot-current-server)
  (octolint-test--wait (format "Flymake diagnostics in %s" file)
                       (lambda () (flymake-start) (flymake-diagnostics)))
  (vconcat (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))

(defun octolint-test--main ()
  (load (getenv "OCTOLINT_CONFIG") nil t)
  (setq octolint-program (getenv "OCTOLINT_BIN"))
  (let ((octopoid (expand-file-name ".octopoid" (getenv "OCTOLINT_PROJECT"))))
    (octolint-test--set 'agent_diagnostics
                        (octolint-test--open
                         (expand-file-name "agents/implementer/agent.yaml" octopoid)))
    (octolint-test--set 'agent_mode (symbol-name major-mode))
    (octolint-test--set 'flow_diagnostics
                        (octolint-test--open (expand-file-name "flows/default.yaml" octopoid)))
    (octolint-test--set 'flow_mode (symbol-name major-mode)))
  ;; Hover on `implement' in the flow's `{agent: implement}'.
  (goto-char (point-min))
  (unless (search-forward "agent: implement}" nil t)
    (error "No `agent: implement}' in the flow"))
  (goto-char (+ (match-beginning 0) (length "agent: ") 2))
  (let* ((hover (jsonrpc-request (eglot--current-server-or-lose) :textDocument/hover
                                 (eglot--TextDocumentPositionParams)))
         (contents (plist-get hover :contents)))
    (octolint-test--set 'hover (if (stringp contents) contents
                                 (or (plist-get contents :value) (format "%S" contents)))))
  (octolint-test--write))

(octolint-test--run "native_test.el" #'octolint-test--main)

;;; native_test.el ends here
