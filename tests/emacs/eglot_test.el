;;; eglot_test.el --- batch Emacs + eglot as a real client of `octolint lsp'  -*- lexical-binding: t; -*-

;; Run by tests/lsp_emacs.rs: `emacs --batch -q -l eglot_test.el'.  Loads the shipped
;; configuration (OCTOLINT_CONFIG, editors/emacs/octolint.el), opens the definition
;; OCTOLINT_FIXTURE as a user would, and writes what eglot got as JSON to OCTOLINT_RESULT:
;; the Flymake diagnostics, a hover, the completions at a role value and the buffer after a
;; rename.  Any error ends Emacs with status 1, after writing it as the result's `error'.

;;; Code:

(load (expand-file-name "support.el" (file-name-directory load-file-name)) nil t)

(defun octolint-test--goto (text &optional offset)
  "Put point in the first TEXT, OFFSET characters into it."
  (goto-char (point-min))
  (unless (search-forward text nil t)
    (error "No %S in the fixture" text))
  (goto-char (+ (match-beginning 0) (or offset 0))))

(defun octolint-test--main ()
  (load (getenv "OCTOLINT_CONFIG") nil t)
  (setq octolint-program (getenv "OCTOLINT_BIN"))
  (find-file (getenv "OCTOLINT_FIXTURE"))
  (octolint-test--set 'major_mode (symbol-name major-mode))
  ;; `eglot-ensure' (the mode hook) starts the server after the current command; batch Emacs
  ;; runs no command loop, so end the "command" by hand.
  (run-hooks 'post-command-hook)
  (octolint-test--wait "eglot to connect" #'eglot-current-server)
  (octolint-test--wait "Flymake diagnostics"
                       (lambda () (flymake-start) (flymake-diagnostics)))
  (octolint-test--set
   'diagnostics
   (vconcat
    (mapcar (lambda (d)
              `((line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                (column . ,(save-excursion
                             (goto-char (flymake-diagnostic-beg d))
                             (current-column)))
                (type . ,(symbol-name (flymake-diagnostic-type d)))
                (text . ,(flymake-diagnostic-text d))))
            (flymake-diagnostics))))
  ;; Hover on the role `implement' where an agent is bound to it.
  (octolint-test--goto "role: implement}" 7)
  (let* ((hover (jsonrpc-request (eglot--current-server-or-lose) :textDocument/hover
                                 (eglot--TextDocumentPositionParams)))
         (contents (plist-get hover :contents)))
    (octolint-test--set 'hover (if (stringp contents) contents
                                 (or (plist-get contents :value) (format "%S" contents)))))
  ;; Completion of the same value, as `completion-at-point' asks eglot for it.
  (octolint-test--goto "role: implement}" 8)
  (let* ((capf (eglot-completion-at-point))
         (prefix (buffer-substring-no-properties (nth 0 capf) (point))))
    (octolint-test--set 'completion_prefix prefix)
    (octolint-test--set 'completions
                        (vconcat (mapcar #'substring-no-properties
                                         (all-completions prefix (nth 2 capf))))))
  ;; Rename the role `implement' to `build' from its definition.
  (octolint-test--goto "  implement:" 3)
  (eglot-rename "build")
  (octolint-test--set 'after_rename (buffer-substring-no-properties (point-min) (point-max)))
  (octolint-test--write))

(octolint-test--run "eglot_test.el" #'octolint-test--main)

;;; eglot_test.el ends here
