<#-- first line: notification title; the rest: its body -->
Order created
Order ${orderId} is waiting for payment
