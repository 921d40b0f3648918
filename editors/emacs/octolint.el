;;; octolint.el --- octolint's language server in Emacs, through eglot  -*- lexical-binding: t; -*-

;; Emacs 28 with the eglot package (Debian: `elpa-eglot'), or Emacs 29 and later (eglot is
;; built in).  Definition files — `octolint.yaml', `octolint.yml', `*.octolint.yaml',
;; `*.octolint.yml' — and the YAML files of Octopoid projects (under `.octopoid/', which
;; octolint lints as a whole) open in `octolint-mode' (derived from `yaml-ts-mode' or `yaml-mode'
;; when one is available, else from `prog-mode'), which starts `octolint lsp' with eglot:
;; diagnostics through Flymake (the rule name ends each message), hover through ElDoc,
;; completion through `completion-at-point', go to definition and references through xref,
;; rename with `eglot-rename' and quick fixes with `eglot-code-actions'.
;;
;; Usage, in your init file:
;;
;;   (load "/path/to/octolint.el")            ; or put it on `load-path' and (require 'octolint)
;;   (setq octolint-program "/path/to/octolint")  ; default: "octolint" on PATH
;;
;; tests/lsp_emacs.rs runs this file in batch Emacs against the real server.

;;; Code:

(require 'eglot)

(defgroup octolint nil
  "octolint workflow definitions."
  :group 'tools)

(defcustom octolint-program "octolint"
  "The octolint binary; eglot runs it as `<program> lsp'."
  :type 'string
  :group 'octolint)

(defalias 'octolint--parent-mode
  (cond ((fboundp 'yaml-ts-mode) 'yaml-ts-mode)
        ((fboundp 'yaml-mode) 'yaml-mode)
        (t 'prog-mode))
  "The mode `octolint-mode' extends: YAML editing where Emacs has it.")

;;;###autoload
(define-derived-mode octolint-mode octolint--parent-mode "octolint"
  "Major mode for octolint definition files, with octolint's language server."
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+\\s-*"))

;;;###autoload
(add-to-list 'auto-mode-alist
             '("\\(?:\\`\\|/\\)\\(?:[^/]*\\.\\)?octolint\\.ya?ml\\'" . octolint-mode))

;; The YAML files of an Octopoid project: opening one lints the whole `.octopoid/' directory.
;;;###autoload
(add-to-list 'auto-mode-alist
             '("/\\.octopoid/\\(?:.*/\\)?[^/]*\\.ya?ml\\'" . octolint-mode))

(add-to-list 'eglot-server-programs
             `(octolint-mode . ,(lambda (&optional _interactive)
                                  (list octolint-program "lsp"))))

(add-hook 'octolint-mode-hook #'eglot-ensure)

(provide 'octolint)
;;; octolint.el ends here
